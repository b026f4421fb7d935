import Ledger

/// Usage text for the whole tool and for each command, each with an example.
enum Help {
    static let version = "memberships 0.1.0"

    static let overview = """
    memberships — an event-sourced ledger of cities' commitments to climate networks

    usage: memberships [--ledger DIR] COMMAND [options]

    commands:
      init DIR --name NAME            create an empty ledger (genesis event)
      append [--file F] [--expect-seq N] [--by WHO]
                                      append events given as JSON lines (F or stdin)
      append TYPE --member M --network N --date D [--source S] [--note T] ...
                                      append one event given as flags
      timeline [--member M] [--network N] [--from D] [--to D] [--wide]
      status   [--member M] [--network N]
      network NAME | networks
      member NAME  | members
      audit (--member M --network N | --event ID|seq:N) [--wide]
      import FILE (.csv | .jsonl)     bulk append, validated as a whole first
      export [--to FILE] [--log]      the timeline (or with --log the log) as CSV
      report --html FILE              a self-contained page with a timeline chart
      verify [--checkpoint FILE]      check integrity: chain, seq, schema, rules
                                      (and that a checkpoint's root still holds)
      repair                          move a torn tail aside
      snapshot                        write a snapshot of replayed state at the head
      checkpoint [--size N] [--sign KEY]
                                      the tree's checkpoint of the first N lines
      prove (--event ID|seq:N | --from M) [--size N]
                                      an inclusion or consistency proof, as JSON
      check FILE [--checkpoint CP] [--allowed-signers F]
                                      check a proof or checkpoint, with no ledger
      merge-driver BASE OURS THEIRS   git's merge driver (exit 1: conflict)
      git-setup [--on-path]           make git merge the log with merge-driver
      help [COMMAND]                  this text, or a command's
      help events | help event TYPE   the event types, or one type's fields

    Views take --as-of D, --known-at T, --format text|json|csv.
    --ledger defaults to $MEMBERSHIPS_LEDGER, else the current directory.

    examples:
      memberships timeline --member paris
      memberships --ledger /tmp/x verify
      memberships help policy

    Exit status: 0 ok, 64 usage, 65 bad data, 66 no ledger, 69 ssh-keygen or git
    missing, 74 I/O failure, 75 conflict (merge-driver: 1, git's convention).
    """

    /// The text of `memberships help WORDS…`: a command's usage; the list of event types
    /// (`events`); an event type's fields (`TYPE`, or `event TYPE` — the only way to reach
    /// the types `member` and `network`, which are commands too).
    /// - Throws: a usage error for an unknown word, naming the event types, with a
    ///   did-you-mean hint.
    static func topic(_ words: [String]) throws(LedgerError) -> String {
        let types = EventType.allCases.map(\.rawValue)
        guard let word = words.first else { return overview }
        if word == "events" || word == "event" {
            guard words.count > 1 else { return EventHelp.overview }
            guard let type = EventType(rawValue: words[1]) else {
                throw LedgerError(.usage, EventType.unknownTypeMessage(words[1]),
                                  hint: "see 'memberships help events'")
            }
            return EventHelp.text(for: type)
        }
        if let command = commands[word] { return command }
        if let type = EventType(rawValue: word) { return EventHelp.text(for: type) }
        throw LedgerError(.usage, "unknown command or event type '\(word)'"
                          + Suggestion.hint(for: word, in: Array(commands.keys) + types + ["events"])
                          + "; event types: " + types.joined(separator: ", "),
                          hint: "see 'memberships --help' for the commands, 'memberships help events' for the event types")
    }

    static let commands: [String: String] = [
        "init": """
        usage: memberships init DIR --name NAME [--by WHO]

        Creates DIR/Events/ledger.jsonl holding the genesis event, and DIR/Snapshots/.

        example:
          memberships init /tmp/x --name "Paris climate office"
        """,
        "append": """
        usage: memberships append [--file F] [--expect-seq N] [--by WHO]
                                  [--format text|json]
               memberships append TYPE --member M --network N --date D
                                  [--source S] [--note T] ...

        Appends events: JSON lines from F (or stdin), validated as a whole batch first —
        one bad event rejects the batch and nothing is written — or one event from
        flags. Input events carry no seq, recorded or prev; id and by are optional. An
        id that exists with the same content is a success that writes nothing; with
        other content, a conflict (75). --expect-seq N appends only if the head's seq is
        N. A flag given twice is a usage error (64). --target takes an id, the start of
        one as tables show it, or seq:N (the line's position, the SEQ column of
        'audit').

        'memberships help events' lists the event types; 'memberships help event TYPE'
        shows a type's fields, what is checked, and an example as flags and as a JSON
        line.

        Flags for one event (field names in kebab-case): --id --member --network --date
        --name --kind --founded --scope --managed-by --url --description --country
        --population --into --successor --applies --title --rules JSON --every JSON
        --badge --role --cohort --milestone --target --set JSON --reason --source --note

        examples:
          memberships append --file events.jsonl --expect-seq 12
          memberships append signature --member paris --network covenant-of-mayors \\
              --date 2009-02-10 --source "EC press release IP/09/238"
          memberships append correction --target paris-100rc-selection \\
              --set '{"date":"2014-12-03"}' --reason "second cohort, 2014-12-03"
        """,
        "verify": """
        usage: memberships verify [--checkpoint FILE]... [--format text|json]

        Reads the whole log and reports every problem at once as FILE:LINE: message —
        broken hash chain, seq gaps, invalid JSON, unknown types or fields, invalid
        dates, broken rules, a torn tail. Exit 0 when clean (the head is printed), 65
        otherwise.

        --checkpoint FILE (a checkpoint, signed or not, as 'memberships checkpoint'
        prints it) first checks that the log's first n lines still have the root it
        recorded: a log rewritten since, even with its hash chain recomputed, fails with
        65. A checkpoint holds one root, so alone it names the size, not the line; give
        several (--checkpoint A --checkpoint B) and the first line that differs is
        narrowed to between the largest that holds and the smallest that fails. Its
        signature is not checked here (see 'memberships check'). With --format json the
        object also has "checkpoints": each with file, origin, size, root, holds,
        computed (the root now), signed.

        examples:
          memberships --ledger /tmp/x verify --format json
          memberships verify --checkpoint checkpoint-2026-11.txt
        """,
        "repair": """
        usage: memberships repair

        Moves a torn tail (a last line without a newline, never acknowledged) to
        Events/ledger.jsonl.torn-<UTC> and cuts the log back to its last complete line.

        example:
          memberships --ledger /tmp/x repair
        """,
        "snapshot": """
        usage: memberships snapshot

        Writes Snapshots/replay-<seq>.snapshot: the events of every complete line of the
        log, up to its head, in a compact form the views load without parsing those
        lines again, and the compliance status worked out for every date. Views use the
        newest snapshot that matches the log and read only the lines after it; `status`
        at the head, without --known-at, reads only the status worked out. One that does
        not match is ignored with a warning. Keeps the 3 newest; takes no lock.

        example:
          memberships --ledger /tmp/x snapshot
        """,
        "checkpoint": """
        usage: memberships checkpoint [--size N] [--sign KEY]

        Prints the checkpoint of the log's first N complete lines (default: all of
        them): the state of its RFC 9162 Merkle tree, as the C2SP tlog-checkpoint body

          memberships/<id of the genesis event>
          <N>
          <base64 of the root hash of the first N lines>

        Keep it, publish it, or hand it on: 'memberships verify --checkpoint FILE' later
        shows the log still has that root, and 'memberships prove --from N' that it only
        grew since. N may be 0 (the empty tree, whose root is SHA-256 of nothing); N
        beyond the head is a usage error (64). A torn last line is never part of the
        tree.

        --sign KEY signs the checkpoint with 'ssh-keygen -Y sign -n
        memberships-checkpoint -f KEY' (KEY a private key, or a public key whose private
        half ssh-agent holds) and prints it, one blank line, then the armored signature.
        Needs ssh-keygen on PATH (OpenSSH's client, e.g. 'apt-get install
        openssh-client'): without it, exit 69. A key ssh-keygen cannot sign with: exit
        65, with what it said.

        examples:
          memberships checkpoint > checkpoint.txt
          memberships checkpoint --size 73 --sign ~/.ssh/id_ed25519 \\
              > signed-checkpoint.txt
        """,
        "prove": """
        usage: memberships prove --event ID|seq:N [--size N] [--format json]
               memberships prove --from M [--size N] [--format json]

        Prints a proof as JSON (the only format: the one 'memberships check' reads), for
        the tree of the first N lines (default: all complete lines):

        --event ID: that the line holding event ID is in the tree —
          {"kind": "inclusion", "checkpoint": {"origin", "size", "root"}, "index": I,
           "line": L, "path": [H, ...]}
          with index = seq - 1, line the line's exact text, path its RFC 9162 audit
          path.
          --event seq:N asks for the event on line N.
        --from M: that the tree of the first M lines is a prefix of the tree of N —
          {"kind": "consistency", "from": C1, "to": C2, "path": [H, ...]}.

        Hashes are lowercase hex. An unknown event is 65 (with a did-you-mean hint); an
        event after line N, N beyond the head, M = 0 (a proof from the empty tree proves
        nothing) or M > N are usage errors (64).

        examples:
          memberships prove --event paris-100-resilient-cities-selection > proof.json
          memberships prove --from 73 > grew.json
        """,
        "check": """
        usage: memberships check FILE [--checkpoint CP]... [--allowed-signers F]

        Checks FILE alone, with no ledger: a proof from 'memberships prove' (the line's
        leaf hash, SHA-256 of 0x00 and the line, and the path must lead to the
        checkpoint's root; a consistency path must lead to both roots), a checkpoint
        (its form), or a signed checkpoint (its signature, with ssh-keygen -Y
        find-principals and -Y verify in the namespace memberships-checkpoint, against
        F). FILE may be - for standard input.

        A proof is checked against the checkpoint it carries, and a tree's root does not
        commit to its size: --checkpoint CP (a checkpoint you obtained otherwise —
        signed, or kept from before) must be stated by FILE exactly, origin, size and
        root. A signed CP is checked against F too.

        F is an allowed-signers file of ssh-keygen, one line per key:
          alice@example.org namespaces="memberships-checkpoint" ssh-ed25519 AAAA...

        Exit 0 when it holds; 65 when it does not, saying which hash or size differs, or
        that a signature does not verify; 64 for a file that is not a proof or
        checkpoint, or a signature to check without --allowed-signers; 66 for a missing
        file; 69 without ssh-keygen (signatures only: 'apt-get install openssh-client').

        examples:
          memberships check proof.json
          memberships check proof.json --checkpoint signed-checkpoint.txt \\
              --allowed-signers allowed_signers
        """,
        "timeline": """
        usage: memberships timeline [--member M] [--network N] [--from D] [--to D]
                                    [--wide] [--as-of D] [--known-at T]
                                    [--format text|json|csv]

        The dated events (not registrations, the genesis or amendments), with
        corrections applied, retractions left out, in the order every view uses: by a
        date's earliest day; then starts (membership, signature, selection) before life
        events (milestone, recognition, suspension, reinstatement, activity), before
        withdrawals, before network events (merger, closure, rename, policy); then by
        latest day; then by position in the log. --from/--to keep the events whose span
        of days overlaps [from, to]. Text shows each event's id (one the tool generated
        as its first 8 characters and …); --wide adds each event's note and shows ids
        and texts whole. JSON and CSV always carry every field, note included.

        example:
          memberships timeline --member paris --from 2014 --to 2016
        """,
        "status": """
        usage: memberships status [--member M] [--network N] [--as-of D] [--known-at T]
                                  [--format text|json|csv]

        One row per commitment: how it began, the policy's rules, and its status. BASIS
        says what decided it: recognition (a recognition in effect: compliant whatever
        the rules say, so an unmet rule reads "not recorded", not as an alarm), rules
        (every rule met in time) or none. JSON keeps each rule as judged (met, overdue)
        and basis (null for none).

        example:
          memberships status --as-of 2015-12-31
        """,
        "network": """
        usage: memberships network NAME [--as-of D] [--known-at T]
                                   [--format text|json|csv]

        A network's profile and its members at the as-of date.

        example:
          memberships network compact-of-mayors --as-of 2016-01-01

        The event type that registers a network: 'memberships help event network'.
        """,
        "networks": """
        usage: memberships networks [--as-of D] [--known-at T] [--format text|json|csv]

        Every network with its name, kind and state.

        example:
          memberships networks --as-of 2020
        """,
        "member": """
        usage: memberships member NAME [--as-of D] [--known-at T]
                                  [--format text|json|csv]

        A member's profile and all its commitments.

        example:
          memberships member paris

        The event type that registers a member: 'memberships help event member'.
        """,
        "members": """
        usage: memberships members [--as-of D] [--known-at T] [--format text|json|csv]

        Every member with its name, kind and country.

        example:
          memberships members
        """,
        "audit": """
        usage: memberships audit (--member M --network N | --event ID|seq:N) [--wide]
                                 [--known-at T] [--format text|json|csv]

        Every event that touched a commitment or an event, in log order, with who
        recorded it, when, its source and note, and what each correction changed (old →
        new) and why. --event takes an id, the start of one as tables show it, or seq:N
        (the SEQ column).

        example:
          memberships audit --member paris --network 100-resilient-cities
        """,
        "import": """
        usage: memberships import FILE.csv|FILE.jsonl [--expect-seq N] [--by WHO]
                                  [--format text|json]

        A bulk append, validated as a whole before anything is written, exactly as
        'append --file'. A .jsonl file holds one JSON object per line. A .csv file (RFC
        4180) starts with a header row naming the fields — type, id, by, the type's
        fields, source, note — then one event per row; an empty cell leaves the field
        out, and the rules, every and set cells hold JSON. Spreadsheet files are
        welcome: a UTF-8 byte-order mark at the start is skipped, header names match in
        any letter case, and ';' or tab separators are recognised. One leading ' before
        =, +, -, @, a tab, a carriage return or another ' is removed (the escape every
        CSV the tool writes uses). Every bad row is reported in one run, in row order;
        nothing is written unless all are good.

        example:
          memberships import cities.csv --expect-seq 76
        """,
        "export": """
        usage: memberships export [--to FILE] [--as-of D] [--known-at T] [--member M]
                                  [--network N]
               memberships export --log [--to FILE]

        The timeline as CSV (the columns of 'timeline --format csv'), or with --log
        every line of the log as CSV: seq, id, type, recorded, by, every field of every
        type, source, note, prev (nested values as JSON). --to writes FILE whole or not
        at all, with a UTF-8 byte-order mark for spreadsheets (standard output has
        none). A value starting with =, +, -, @, a tab, a carriage return or ' gets one
        more ' in front, so that no cell runs as a formula; remove one such ' to read
        the value recorded.

        example:
          memberships export --member paris --to paris-timeline.csv
        """,
        "report": """
        usage: memberships report --html FILE [--lang en|fr] [--as-of D] [--known-at T]
                                  [--member M] [--network N]

        Writes FILE: one self-contained HTML page (inline CSS and SVG, nothing fetched)
        with a timeline chart — one lane per commitment, markers for dated events, a
        tick at each rule's deadline — then the status and events tables (each event
        with its id and note). --lang writes its words and dates in English (the
        default) or French; data (names, sources, notes) stays as recorded. FILE is
        written whole or not at all. A large ledger has a lane per commitment: give
        it --member or --network.

        example:
          memberships report --html paris.html --member paris --as-of 2020 --lang fr
        """,
        "merge-driver": """
        usage: memberships merge-driver BASE OURS THEIRS

        Git's merge driver for Events/ledger.jsonl (git runs it as 'memberships
        merge-driver %O %A %B'; 'memberships git-setup' configures it). OURS and THEIRS
        must each start with BASE's lines byte for byte, or one side rewrote history. If
        THEIRS added nothing OURS stands; if OURS added nothing the result is THEIRS.
        Otherwise THEIRS's new events are appended after OURS's as one batch, as
        'append' writes them (content unchanged; seq, prev, recorded set; an event OURS
        already holds is skipped), each recorded at the greater of the log's last
        recorded and its own recorded in THEIRS, so the same three files always give the
        same bytes. The result replaces OURS (a synced temporary file renamed over it)
        and the new head is printed.

        Exit 0 merged; 1 conflict — git's convention for a merge driver, not the
        ledger's 75 — with OURS unchanged and the line at fault named (OURS:LINE: or
        THEIRS:LINE:): a rewritten line, an id reused with other content, an event the
        rules reject (two offices withdrew the same commitment on different days); 66 a
        missing file; 74 I/O.

        example:
          memberships merge-driver .merge_file_base Events/ledger.jsonl \\
              .merge_file_theirs
        """,
        "git-setup": """
        usage: memberships [--ledger DIR] git-setup [--on-path]

        For the ledger in a git work tree: adds 'Events/ledger.jsonl merge=memberships'
        to the ledger's .gitattributes (once) and sets, in the repository's own config,
        merge.memberships.name and merge.memberships.driver = '<this executable's
        absolute path> merge-driver %O %A %B' (with --on-path: plain 'memberships',
        found on PATH). Run it in each clone: git does not share config. Exit 66 without
        a ledger, 64 outside a git work tree, 69 without git ('apt-get install git').

        example:
          cd ledger-repo && memberships git-setup && git add .gitattributes
        """,
        "help": """
        usage: memberships help [COMMAND | events | TYPE | event TYPE]

        A command's usage; 'events': every event type, one line each; an event type
        (policy, membership, …): its fields — required or optional, what they hold — the
        rules checked when one is appended, and an example as 'append' flags and as a
        JSON line. 'member' and 'network' name both a command and an event type: 'help
        member' is the command's, 'help event member' the event type's.

        examples:
          memberships help append
          memberships help events
          memberships help policy
        """,
    ]
}
