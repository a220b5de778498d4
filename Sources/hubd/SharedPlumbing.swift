import OneThingSupport

/// The benchmark's files name `Locked` (and use `Duration.inSeconds`) without importing
/// OneThingSupport themselves: this one alias, and the import above, serve all of them.
typealias Locked = OneThingSupport.Locked
