/// OneThingAdmin: the `hubctl` commands over the correlation store.
public enum OneThingAdmin {}
