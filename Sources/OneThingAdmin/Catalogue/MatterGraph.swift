import OneThingExchange
import OneThingStore

/// The matters of one application as a tree along the flow's edges: a matter hangs
/// under the prerequisites (`requires`, then `after`) it waits for, so an operator
/// sees at a glance what holds up what. The graph is a DAG, not a tree: a matter with
/// several prerequisites is drawn in full under the first one reached and named again,
/// marked "see above", under the others. Prerequisites that do not apply to this
/// application are left out (the flow treats them as absent).
struct MatterGraph {
    /// One matter and the applicable matters it waits for, with the kind of each edge.
    struct Node: Sendable, Hashable {
        let matter: String
        let requires: [String]
        let after: [String]
        var prerequisites: [String] { requires + after.filter { !requires.contains($0) } }
    }

    let nodes: [Node]
    /// False when drawn without a catalogue: then `nodes` have no edges.
    let hasEdges: Bool

    /// `matters` in catalogue order (as stored); `flow` nil draws them flat.
    init(matters: [MatterRecord], flow: Flow?) {
        let applicable = Set(matters.map(\.code))
        guard let flow else {
            nodes = matters.map { Node(matter: $0.code, requires: [], after: []) }
            hasEdges = false
            return
        }
        func resolve(_ codes: [String], excluding code: String) -> [String] {
            var seen: [String] = []
            for member in codes.flatMap(flow.members(of:)) where applicable.contains(member) && member != code && !seen.contains(member) {
                seen.append(member)
            }
            return seen
        }
        nodes = matters.map { record in
            let definition = flow.matter(record.code)
            return Node(matter: record.code,
                        requires: resolve(definition?.requires ?? [], excluding: record.code),
                        after: resolve(definition?.after ?? [], excluding: record.code))
        }
        hasEdges = true
    }

    /// A matter in the drawing; `isRepeat` marks a matter already drawn above (under
    /// another prerequisite), which is named but not expanded again.
    struct Branch: Sendable, Hashable {
        let matter: String
        let isRepeat: Bool
        let children: [Branch]

        /// The box-drawing form, `label` naming each matter.
        func treeNode(label: (String) -> String) -> TreeNode {
            isRepeat ? TreeNode("\(matter) (see above)")
                : TreeNode(label(matter), children: children.map { $0.treeNode(label: label) })
        }
    }

    /// The drawing: roots are matters waiting for nothing, in catalogue order.
    func branches() -> [Branch] {
        var drawn: Set<String> = []
        func build(_ matter: String) -> Branch {
            drawn.insert(matter)
            var children: [Branch] = []
            for child in nodes where child.prerequisites.contains(matter) {
                if drawn.contains(child.matter) {
                    children.append(Branch(matter: child.matter, isRepeat: true, children: []))
                } else {
                    children.append(build(child.matter))
                }
            }
            return Branch(matter: matter, isRepeat: false, children: children)
        }
        var roots: [Branch] = []
        for node in nodes where node.prerequisites.isEmpty && !drawn.contains(node.matter) {
            roots.append(build(node.matter))
        }
        // A cycle (only in a broken catalogue) would leave matters unreached: draw them too.
        for node in nodes where !drawn.contains(node.matter) {
            roots.append(build(node.matter))
        }
        return roots
    }

    func node(_ matter: String) -> Node? {
        nodes.first { $0.matter == matter }
    }
}
