/// A small text table, its rows held until it is rendered (`TextTable` lays it out).
struct Table {
    var headers: [String]
    var rows: [[String]] = []

    init(_ headers: [String]) { self.headers = headers }

    mutating func add(_ cells: [String]) { rows.append(cells) }

    func render() -> String {
        TextTable.text(headers: headers, rows: rows) { TextTable.Line($0) }
    }
}
