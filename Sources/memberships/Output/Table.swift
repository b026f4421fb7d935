/// A small text table, its rows held until it is rendered (`TextTable` lays it out).
struct Table {
    var headers: [String]
    var rows: [[String]] = []

    init(_ headers: [String]) { self.headers = headers }

    mutating func add(_ cells: [String]) { rows.append(cells) }

    func render() -> String {
        var out: [UInt8] = []
        TextTable.write(headers: headers, rows: rows, line: { TextTable.Line($0) }) { out.append(contentsOf: $0) }
        return String(decoding: out, as: UTF8.self)
    }
}
