import OneThingExchange

/// hubctl's help texts: the tool's overview and one page per command. A usage error
/// prints the one-line message, then the usage of the command it concerns (or the tool's).
public enum HubctlUsage {
    public static let tool = """
        Usage: hubctl --store PATH <command> [options] [--json]
               hubctl --bootstrap-servers HOST:PORT <command> [options] [--json]

        The administrators' window into the OneThing Hub correlation store. Reads while
        hubd runs; resend and withdraw record orders that the running hubd carries out.
        Against a cluster of hubd (--bootstrap-servers), every application is read from the
        flow's state topic, whichever instance owns it, and resend and withdraw are sent to
        the owner on the flow's orders topic (history, reveal and deadletters need --store).

        Commands:
          list        [--state S] [--department D] [--limit N]   applications, newest first
          show        APPLICATION_ID [--history] [--reveal --operator NAME --reason TEXT]
                                                                 one application in full
                      APPLICATION_ID --archive [DIR]             one archived application
          overdue     [--department D]                           matters near or past their deadline
          stats       [--by month|quarter|region|channel]        figures per department and matter, the reform's figures
          deadletters [--limit N]                                messages the hub refused, newest first
          resend      APPLICATION_ID MATTER                      order hubd to send a matter again
          withdraw    APPLICATION_ID --reason TEXT               order hubd to withdraw an application
          rectifications [--department D]                        open rectifications (整改) after bad evaluations
          cards       [--department D] [--level L]               open supervision cards (督办) per department and level
          verify      [--keys DIR]                               check the evidence chain and its signed checkpoints
          evidence    APPLICATION_ID                             what was exchanged for an application (who, digest, when)

        Global options:
          --store PATH          the store file (default: $ONETHING_STORE)
          --bootstrap-servers HOST:PORT[,HOST:PORT]
                                the cluster instead of one store ($ONETHING_BOOTSTRAP_SERVERS,
                                used when no store is given)
          --kafka KEY=VALUE     a librdkafka property for the cluster (security.protocol, sasl.*,
                                ssl.*; repeatable; $ONETHING_KAFKA)
          --catalogue DIR       the catalogue, for show's matter graph (default: $ONETHING_CATALOGUE,
                                else the Topics/ folder found like hubd finds it)
          --json                machine-readable output (stable keys, ISO 8601 dates)
          --lock-timeout SECS   how long to wait for a locked store (default 5; $ONETHING_LOCK_TIMEOUT)
          -h, --help            this help; `hubctl <command> --help` (or `hubctl help <command>`) for a command's

        Personal data is masked unless `show --reveal` is given, with the operator and the
        reason, which are recorded with the application.
        Dates are in local time ($TZ). Exit codes: 0 success, 1 not found or nothing to do,
        2 usage error, 3 store error.

        """

    public static func command(_ name: HubctlCommandName) -> String {
        switch name {
        case .list: return """
            Usage: hubctl --store PATH list [--state S] [--department D] [--limit N] [--json]

            Applications, most recently changed first.
              --state S        only applications in state S (\(states))
              --department D   only applications with a matter of department D
              --limit N        at most N applications (default 50)

            """
        case .show: return """
            Usage: hubctl --store PATH show APPLICATION_ID [--history]
                          [--reveal --operator NAME --reason TEXT] [--json]
                   hubctl --store PATH show APPLICATION_ID --archive [DIR] [--history] [--json]

            One application: summary, every matter (department, state, revision, deadline,
            sent/received/final times, outputs, reason), orders not yet carried out, the
            matter graph as a tree with states, and the promises: evaluations (好差评),
            rectifications (整改), supervision cards (督办) and notices to the applicant (一次告知),
            from the archive too.
              --history   every recorded event of the application, oldest first
              --reveal          show personal data unmasked; recorded in the application's history
                                (before anything is shown) with the operator, the reason and the
                                account running hubctl
              --operator NAME   who reveals (required with --reveal; default $ONETHING_OPERATOR);
                                the account name ($USER) alone is not enough, anyone can set it
              --reason TEXT     why (required with --reveal)
              --archive         read the application from hubd's archive (final applications past
                                the retention period leave the store for it): DIR, or
                                $ONETHING_ARCHIVE_DIR, or STORE-archive beside the store file

            """
        case .overdue: return """
            Usage: hubctl --store PATH overdue [--department D] [--json]

            Open matters past their deadline or near it (at least the flow's due-soon share of
            the time limit, 80 % by default), grouped by department, for supervision (督办);
            then open applications past their own deadline (acceptance + the flow's overall
            limit, paused while awaiting a supplement).
              --department D   only matters of department D (applications are not listed)

            """
        case .stats: return """
            Usage: hubctl --store PATH stats [--by month|quarter|region|channel] [--json]

            Per department and matter: count, approval rate (approved of decided), time from
            sent to result (median, p90, max) and overdue count; end to end per application:
            finished within / beyond the committed time limit, median, p90, max. Then the
            reform's figures: applications finished the day they were accepted (当日办结),
            within the commitment, and the average working days from acceptance to the final
            result against the commitment (15 working days) and the limit before the reform
            (55 working days), counted with the catalogue's holiday calendar; the matters'
            official names.
              --by G   those figures per month or quarter of acceptance (China time), per
                       handling region (the form's handlingRegion) or per channel
            Last, satisfaction (好差评) per department and matter: evaluations per level,
            average score, 差评.

            """
        case .deadletters: return """
            Usage: hubctl --store PATH deadletters [--limit N] [--json]

            Messages the hub could not use, newest first: code, reason, origin
            (topic/partition/offset) and time.
              --limit N   at most N (default 50)

            """
        case .resend: return """
            Usage: hubctl --store PATH resend APPLICATION_ID MATTER [--json]
                   hubctl --bootstrap-servers HOST:PORT resend APPLICATION_ID MATTER [--keys DIR] [--json]

            Records an order for hubd to send the matter's current request again (same ce_id).
            Refused (exit 1) for an unknown application or matter, a matter that is final or
            not sent yet, or when the same order is already pending. With --bootstrap-servers
            the order is sent to the instance that owns the application (orders topic).
              --keys DIR      with --bootstrap-servers: sign the order with the operator's key,
                              DIR/operators/$USER.key.pem ($ONETHING_KEYS); a hub run with --keys
                              refuses unsigned orders (bad-signature) unless its policy lets them in

            """
        case .verify: return """
            Usage: hubctl --store PATH verify [--keys DIR] [--json]

            Checks the evidence log: every row links to the one before (SM3 of its content
            with the previous row's hash), no row is missing or changed, and every checkpoint
            certifies the head before it with a valid signature of the hub. Names the first
            broken link (exit 1) or says the chain holds (exit 0).
              --keys DIR   the keys folder with the hub's public key (hub.pub.pem), which the
                           checkpoints must verify with (default: $ONETHING_KEYS); without
                           it only the links are checked, and the answer says so

            """
        case .evidence: return """
            Usage: hubctl --store PATH evidence APPLICATION_ID [--json]

            What the evidence log holds for one application, oldest first: every message
            the hub consumed or produced for it (topic, ce_id, who signed it, the SM3 digest
            of its signed content, when) and every reveal of its personal data, and whether a
            signed checkpoint vouches for each row yet. Exit 1 when the log has nothing for it.

            """
        case .withdraw: return """
            Usage: hubctl --store PATH withdraw APPLICATION_ID --reason TEXT [--json]
                   hubctl --bootstrap-servers HOST:PORT withdraw APPLICATION_ID --reason TEXT [--keys DIR] [--json]

            Records an order for hubd to withdraw the application: matters not yet final are
            cancelled. Refused (exit 1) for an unknown or final application, or when a
            withdrawal is already pending. With --bootstrap-servers the order is sent to the
            instance that owns the application (orders topic).
              --reason TEXT   why (required; kept with the order)
              --keys DIR      with --bootstrap-servers: sign the order with the operator's key,
                              DIR/operators/$USER.key.pem ($ONETHING_KEYS); a hub run with --keys
                              refuses unsigned orders (bad-signature) unless its policy lets them in

            """
        case .rectifications: return """
            Usage: hubctl --store PATH rectifications [--department D] [--json]

            Rectifications (整改) that bad evaluations (不满意, 非常不满意) opened and their
            department has not closed yet, earliest deadline first, with the evaluation's level
            and comment; past their deadline they read OVERDUE.
              --department D   only those of department D

            """
        case .cards: return """
            Usage: hubctl --store PATH cards [--department D] [--level L] [--json]

            Open supervision cards (督办), counted per department and level, then each card: its
            application, subject (a matter, or a rectification), recipient (the department's
            liaison or the supervising office), when it was opened and its stage (opened,
            acknowledged, rectified with the department's note). Cards close when their matter
            is final or their rectification closed.
              --department D   only cards of department D
              --level L        only cards of level L (e.g. yellow, red)

            """
        }
    }

    private static var states: String { ApplicationState.allCases.map(\.rawValue).joined(separator: ", ") }
}
