/// OneThingExchange: the pure exchange domain (application, validation, catalogue,
/// planning, translation). No I/O: callers hand it bytes and get values back.
public enum OneThingExchange {}
