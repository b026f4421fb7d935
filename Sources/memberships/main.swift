#if canImport(Glibc)
import Glibc
#endif
import MembershipsCLI

signal(SIGPIPE, SIG_IGN)
exit(CLI.main(Array(CommandLine.arguments.dropFirst())))
