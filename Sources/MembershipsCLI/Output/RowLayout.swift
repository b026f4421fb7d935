/// How a view's typed rows read as a text table and as CSV (`ViewOptions.printTable`).
struct RowLayout<Row> {
    /// The text table's column headers.
    var headers: [String]
    /// A row's cells in the table, and the marks the legend explains.
    var line: @Sendable (Row) -> TextTable.Line
    /// What follows the table, given how many rows carry each mark: a line feed before
    /// each line of it, or nothing.
    var legend: (TextTable.Marks) -> String
    /// The CSV header: the JSON keys (SPEC §6).
    var columns: [String]
    /// A row's CSV values, in the columns' order (`CSV.cell` words them).
    var csv: @Sendable (Row) -> [String]
}
