/// Renders one log event as one line (no newline), in either format:
///
///     {"ts":"2026-11-23T10:00:00.123Z","level":"info","event":"matter-sent","matter":"A1"}
///     2026-11-23T10:00:00.123Z INFO matter-sent matter=A1 revision=1
///
/// Text values are quoted (with `\"`, `\\`, `\n` escapes) only when they would otherwise be
/// ambiguous: empty, or holding spaces, `=`, quotes or control characters. A field whose key
/// is one of the line's own (`ts`, `level`, `event`) is written as `field.<key>` in JSON so
/// no line has a duplicate key. Non-finite doubles are `null` in JSON.
enum OpsLogLineFormatter {
    static func json(timestamp: String, level: LogLevel, event: String, fields: [LogField]) -> String {
        var line = "{\"ts\":\"" + timestamp + "\",\"level\":\"" + level.name + "\",\"event\":"
        appendJSONString(event, to: &line)
        for field in fields {
            line += ","
            let key = ["ts", "level", "event"].contains(field.key) ? "field." + field.key : field.key
            appendJSONString(key, to: &line)
            line += ":"
            switch field.value {
            case .string(let text): appendJSONString(text, to: &line)
            case .int(let number): line += String(number)
            case .double(let number): line += number.isFinite ? String(number) : "null"
            case .bool(let flag): line += flag ? "true" : "false"
            }
        }
        line += "}"
        return line
    }

    static func text(timestamp: String, level: LogLevel, event: String, fields: [LogField]) -> String {
        var line = timestamp + " " + level.name.uppercased() + " "
        appendTextValue(event, to: &line)
        for field in fields {
            line += " "
            appendTextValue(field.key, to: &line)
            line += "="
            switch field.value {
            case .string(let text): appendTextValue(text, to: &line)
            case .int(let number): line += String(number)
            case .double(let number): line += String(number)
            case .bool(let flag): line += flag ? "true" : "false"
            }
        }
        return line
    }

    static func appendJSONString(_ text: String, to line: inout String) {
        line += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": line += "\\\""
            case "\\": line += "\\\\"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            case "\t": line += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                line += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: line.unicodeScalars.append(scalar)
            }
        }
        line += "\""
    }

    static func appendTextValue(_ text: String, to line: inout String) {
        let needsQuotes = text.isEmpty || text.unicodeScalars.contains { scalar in
            scalar == " " || scalar == "=" || scalar == "\"" || scalar == "\\" || scalar.value < 0x20 || scalar.value == 0x7F
                || scalar.properties.isWhitespace
        }
        guard needsQuotes else {
            line += text
            return
        }
        appendJSONString(text, to: &line)
    }
}
