import Ledger

/// Small builders for the JSON rows of SPEC §6: every key always present, null when
/// there is no value, integers as plain numbers, days as `YYYY-MM-DD`.
enum Row {
    /// An object with these members, in this order.
    static func object(_ members: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(members.map { JSONMember($0.key, $0.value) })
    }

    /// A string, or null.
    static func text(_ value: String?) -> JSONValue {
        value.map(JSONValue.string) ?? .null
    }

    /// An integer.
    static func integer(_ value: Int) -> JSONValue {
        .number(String(value))
    }

    /// A day as `YYYY-MM-DD`.
    static func day(_ value: Day) -> JSONValue {
        .string(value.description)
    }
}
