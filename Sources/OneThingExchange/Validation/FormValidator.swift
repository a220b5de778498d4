/// Checks a form against the flow's rules. (Implementation in progress.)
struct FormValidator {
    let schema: FormSchema

    func validate(_ document: JSONValue) -> Validation {
        .invalid([FieldIssue(field: "", code: "unimplemented", message: "validation is not implemented yet")])
    }

    func supplement(_ stored: Application, changes: JSONValue) -> Validation {
        .invalid([FieldIssue(field: "", code: "unimplemented", message: "supplements are not implemented yet")])
    }
}
