/// A tree drawn with box-drawing lines, for `show`'s matter graph:
/// ```
/// A [dept-a] approved
/// ├── B [dept-b] approved
/// │   └── D [dept-b] sent
/// └── C [dept-c] approved
/// ```
public struct TreeNode: Sendable, Hashable {
    public var label: String
    public var children: [TreeNode]

    public init(_ label: String, children: [TreeNode] = []) {
        self.label = label
        self.children = children
    }
}

public enum TreeText {
    /// Every root and its descendants, one line each, without line breaks.
    public static func lines(_ roots: [TreeNode], indent: String = "") -> [String] {
        var lines: [String] = []
        for root in roots {
            lines.append(indent + root.label)
            appendChildren(of: root, prefix: indent, into: &lines)
        }
        return lines
    }

    private static func appendChildren(of node: TreeNode, prefix: String, into lines: inout [String]) {
        for (index, child) in node.children.enumerated() {
            let isLast = index == node.children.count - 1
            lines.append(prefix + (isLast ? "└── " : "├── ") + child.label)
            appendChildren(of: child, prefix: prefix + (isLast ? "    " : "│   "), into: &lines)
        }
    }
}
