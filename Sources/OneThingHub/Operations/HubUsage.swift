import OneThingStore

/// The usage texts of `hubd` and its subcommands: the command lines the contract fixes
/// (README, "Operating hubd").
public enum HubUsage {
    public static let tool = """
    usage: hubd <command> [options]

    commands:
      run             run the hub daemon
      topics create   create every topic of the catalogue's flows (safe to repeat)
      demo            self-contained demonstration on an in-process mock cluster
      keys generate   key pairs for the hub, the departments and channels (SM2)
      sign            the signature headers of a message, for kcat and other clients

    Every option can also be set in the environment as ONETHING_<OPTION>, e.g.
    ONETHING_BOOTSTRAP_SERVERS for --bootstrap-servers; the option wins.
    Run 'hubd <command> --help' for the options of a command.
    """

    public static let run = """
    usage: hubd run --bootstrap-servers HOST:PORT[,HOST:PORT] --store PATH
                    [--catalogue DIR] [--group-id ID] [--instance-id ID] [--time-scale F]
                    [--kafka KEY=VALUE]... [--metrics-port N]
                    [--max-message-bytes N] [--health-stall-seconds N] [--health-outbox-age-seconds N]
                    [--retention-days N] [--archive-dir DIR] [--record-cache-bytes N]
                    [--keys DIR] [--signature-policy SENDER=POLICY]...
                    [--log-format json|text] [--log-level L]

      --bootstrap-servers  Kafka brokers                       ONETHING_BOOTSTRAP_SERVERS
      --store              SQLite correlation store file       ONETHING_STORE
      --catalogue          catalogue directory (Topics/)       ONETHING_CATALOGUE
      --group-id           consumer group (onething-hub)       ONETHING_GROUP_ID
      --instance-id        this instance's stable name in the group (static
                           membership: a restart within the session timeout
                           gets the same partitions back; unique per instance)
                                                               ONETHING_INSTANCE_ID
      --time-scale         multiplies every time limit (1)     ONETHING_TIME_SCALE
      --kafka              librdkafka property, repeatable     ONETHING_KAFKA (KEY=VALUE,...)
      --metrics-port       /metrics, /healthz, /readyz port, 0 any
                                                               ONETHING_METRICS_PORT
      --max-message-bytes  largest intake or reply message read ONETHING_MAX_MESSAGE_BYTES
                           (262144); larger ones are dead letters (too-large)
      --health-stall-seconds
                           /healthz fails when the poll loop has not turned, or the
                           store has not been writable, this long (\(HubHealth.Limits.defaultLoopStallSeconds))
                                                               ONETHING_HEALTH_STALL_SECONDS
      --health-outbox-age-seconds
                           /healthz fails when the oldest unpublished outbox message
                           is older than this (\(HubHealth.Limits.defaultOutboxAgeSeconds))
                                                               ONETHING_HEALTH_OUTBOX_AGE_SECONDS
      --retention-days     final applications are archived (and dead letters'
                           payloads dropped) this many days after their last
                           change (\(HubConfiguration.defaultRetentionDays))                                ONETHING_RETENTION_DAYS
      --archive-dir        archive directory (beside the store: STORE-archive)
                                                               ONETHING_ARCHIVE_DIR
      --record-cache-bytes memory for decoded applications (\(CorrelationStore.defaultRecordCacheBytes))
                                                               ONETHING_RECORD_CACHE_BYTES
      --keys               keys folder: every sender's public key (departments/D.pub.pem,
                           channels/C.pub.pem, hub.pub.pem) and the hub's private key
                           hub.key.pem (mode 0600); see 'hubd keys generate'
                                                               ONETHING_KEYS
      --signature-policy   SENDER=required|verify-if-present, repeatable; SENDER is a
                           ce_source (/departments/hrss) or * (default: required)
                                                               ONETHING_SIGNATURE_POLICY
      --log-format         json or text (text)                 ONETHING_LOG_FORMAT
      --log-level          trace debug info notice warning error critical (info)
                                                               ONETHING_LOG_LEVEL
    """

    public static let topics = """
    usage: hubd topics create --bootstrap-servers HOST:PORT[,HOST:PORT]
                              [--partitions N] [--replication-factor N]
                              [--catalogue DIR] [--kafka KEY=VALUE]...

      --partitions          partitions per topic (3)            ONETHING_PARTITIONS
      --replication-factor  replicas per partition (1; use 3 in production)
                                                                ONETHING_REPLICATION_FACTOR
      --bootstrap-servers, --catalogue, --kafka, --log-format, --log-level as for 'hubd run'.
    Existing topics are left as they are, so the command is safe to run again.
    """

    public static let demo = """
    usage: hubd demo [--applications N] [--time-scale F] [--store PATH] [--seed N]
                     [--catalogue DIR] [--metrics-port N] [--log-format json|text] [--log-level L]

      --applications  applications to submit (\(HubDemoConfiguration.defaultApplications))              ONETHING_APPLICATIONS
      --time-scale    multiplies every time limit (demo's own)  ONETHING_TIME_SCALE
      --store         store file (a temporary one)              ONETHING_STORE
      --seed          random seed for a repeatable run          ONETHING_SEED
    Needs nothing outside the process: it starts librdkafka's mock cluster.
    """

    public static let keys = """
    usage: hubd keys generate --out DIR [--for SOURCE]... [--algorithm sm2|ed25519] [--replace]
                              [--catalogue DIR]

      --out        the keys folder (created when missing)
      --for        a signer's ce_source, repeatable (/channels/bank, departments/hrss);
                   default: /hub, every department of the catalogue, /channels/online
      --algorithm  sm2 (SM2 over SM3, the default) or ed25519
      --replace    replace existing key pairs (default: keep them, add what is missing)
    Writes DIR/<source>.pub.pem and DIR/<source>.key.pem (mode 0600), e.g.
    DIR/departments/hrss.key.pem; give each department and channel its own private key
    and the hub every public key and hub.key.pem ('hubd run --keys DIR').
    """

    public static let sign = """
    usage: hubd sign --key FILE [--signer SOURCE] [-k KEY] [-H NAME=VALUE]... [--format kcat|lines] [FILE]

      --key     the signer's private key (mode 0600)
      --signer  ce_signer (default: the ce_source header, or the source of a structured
                event, which it must equal)
      -k, -H    the message's key and headers, as given to kcat
      FILE      the message's value (default: standard input), as kcat sends it
      --format  kcat: "-H ce_signer=... -H ce_sigalg=... -H ce_signature=..." on one line,
                for $(...) in the kcat command (default); lines: NAME=VALUE per line
    Signs content-type and every ce_* header given, the key and the value (see the
    AsyncAPI document, ce_signature). Add any ce_* header, ce_requestdigest included,
    before signing: a header added afterwards breaks the signature.
    """
}
