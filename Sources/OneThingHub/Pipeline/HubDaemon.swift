import Foundation
import OneThingCrypto
import OneThingExchange

/// `hubd run` as a library call, so the executable stays a thin shell: logger, catalogue,
/// metrics server, signals, and the service until SIGTERM/SIGINT.
public enum HubDaemon {
    /// How far ahead the working-day calendar must reach before start-up warns: past
    /// the longest limits with room for supplements (15 working days are about 3 weeks).
    static let calendarHorizonDays = 60

    /// Runs until a signal asks it to stop; returns the process exit status
    /// (0 after a clean stop, 1 when the pipeline failed, 3 when it could not start).
    ///
    /// `signals` should be created as the process's very first step (`hubd`'s main does):
    /// a SIGTERM that arrives while the catalogue loads or the store opens is then a clean
    /// stop (exit 0) instead of the default action killing the process.
    public static func run(_ configuration: HubConfiguration, signals: SignalWatcher = SignalWatcher()) async -> Int32 {
        let logger = HubLogger(format: configuration.logFormat, minimumLevel: configuration.logLevel)
        let stop = StopRequest()
        let watcher = Task {
            for await signal in signals.signals {
                logger.notice("signal received; stopping", [.string("signal", signal.description)])
                stop.request()
            }
        }
        defer {
            signals.cancel()
            watcher.cancel()
        }
        if stop.isRequested { return stoppedDuringStartUp(logger) }
        let flow: Flow
        do {
            flow = try HubCatalogue.servedFlow(of: HubCatalogue.load(directory: configuration.catalogueDirectory))
        } catch {
            logger.critical("cannot load the catalogue", [.error(error)])
            return 3
        }
        if let uncovered = flow.calendar.firstUncoveredDate(from: CivilDate(Date()), within: Self.calendarHorizonDays) {
            logger.warning("the working-day calendar does not cover the coming months: from this date on only Monday to Friday "
                           + "count as working days until Topics/calendar/<year>.json is added",
                           [.string("uncovered", uncovered.iso)])
        }
        if stop.isRequested { return stoppedDuringStartUp(logger) }
        let metrics = configuration.metricsPort == nil ? nil : HubMetrics()
        let service: HubService
        do {
            var options = HubServiceOptions(configuration: configuration, flow: flow, logger: logger, metrics: metrics)
            options.stopRequest = stop
            options.trust = try Self.trust(configuration, logger: logger)
            // The hub's key vouches for the evidence log too: its checkpoints are signed with it.
            options.evidence?.checkpointKey = options.trust?.hubKey
            service = try HubService(options: options)
        } catch {
            if stop.isRequested { return stoppedDuringStartUp(logger) }
            logger.critical("cannot start the hub", [.error(error)])
            return 3
        }
        // A stop that came while the service was being created: nothing was consumed
        // yet, so there is nothing to finish (the clients close as the process exits).
        if stop.isRequested { return stoppedDuringStartUp(logger) }
        // From here the service owns the stop: `run()` returns promptly even when the
        // stop came before it began.
        let notifier = SystemdNotifier()
        stop.whenRequested {
            notifier?.stopping()
            service.stop()
        }
        let reporting = notifier.map { systemdReporting($0, service: service, stop: stop, logger: logger) }
        defer { reporting?.cancel() }
        var server: MetricsServer?
        if let port = configuration.metricsPort, let metrics {
            do {
                server = try MetricsServer(port: port, registry: metrics.registry,
                                           liveness: { service.liveness }, readiness: { service.health.readinessCheck })
                logger.info("metrics listening", [.int("port", server?.port ?? port)])
            } catch {
                logger.critical("cannot open the metrics port", [.error(error)])
                return 3
            }
        }
        defer { server?.stop() }
        do {
            try await service.run()
            return 0
        } catch {
            logger.critical("the hub stopped on an error", [.error(error)])
            return 1
        }
    }

    /// `READY=1` once the hub serves (`/readyz` passes), then `WATCHDOG=1` at half the
    /// watchdog interval while the poll loop turns. Only a hang stops the watchdog: a
    /// broker outage or a locked store also fail `/healthz`, but a restart cures neither.
    private static func systemdReporting(_ notifier: SystemdNotifier, service: HubService, stop: StopRequest,
                                         logger: HubLogger) -> Task<Void, Never> {
        Task {
            var announced = false
            var lastWatchdog = ContinuousClock.now
            let watchdogEvery = notifier.watchdogInterval.map { $0 / 2 }
            logger.info("systemd notification on", [.string("socket", notifier.socketName),
                                                    .double("watchdog_s", notifier.watchdogInterval?.inSeconds ?? 0)])
            while !Task.isCancelled && !stop.isRequested {
                if !announced && service.health.readinessCheck.isPassing {
                    notifier.ready(status: "serving \(service.health.assignedPartitions) partitions")
                    announced = true
                }
                if let watchdogEvery, ContinuousClock.now - lastWatchdog >= watchdogEvery, service.health.isTurning {
                    notifier.watchdog()
                    lastWatchdog = .now
                }
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    private static func stoppedDuringStartUp(_ logger: HubLogger) -> Int32 {
        logger.info("hub stopped during start-up")
        return 0
    }

    /// The keys folder's keys, or nil (with a warning) when none is configured.
    private static func trust(_ configuration: HubConfiguration, logger: HubLogger) throws -> MessageTrust? {
        guard let folder = configuration.keysDirectory else {
            logger.warning("signatures are off: no keys folder (--keys, ONETHING_KEYS); messages are neither signed nor "
                           + "verified, and the evidence log's checkpoints are not signed")
            return nil
        }
        let trust = try MessageTrust(keys: KeyDirectory(path: folder), policies: configuration.signaturePolicies)
        logger.info("signatures on", [.string("keys", folder), .int("signers", trust.ring.signers.count),
                                      .string("algorithm", trust.hubKey.algorithm.rawValue)])
        return trust
    }
}
