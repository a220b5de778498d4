import Foundation
import OneThingExchange

/// `hubd run` as a library call, so the executable stays a thin shell: logger, catalogue,
/// metrics server, signals, and the service until SIGTERM/SIGINT.
public enum HubDaemon {
    /// Runs until a signal asks it to stop; returns the process exit status
    /// (0 after a clean stop, 1 when the pipeline failed, 3 when it could not start).
    public static func run(_ configuration: HubConfiguration) async -> Int32 {
        let logger = HubLogger(format: configuration.logFormat, minimumLevel: configuration.logLevel)
        let flow: Flow
        do {
            flow = try HubCatalogue.servedFlow(of: HubCatalogue.load(directory: configuration.catalogueDirectory))
        } catch {
            logger.critical("cannot load the catalogue", [.error(error)])
            return 3
        }
        let metrics = configuration.metricsPort == nil ? nil : HubMetrics()
        let service: HubService
        do {
            service = try HubService(options: HubServiceOptions(configuration: configuration, flow: flow,
                                                                logger: logger, metrics: metrics))
        } catch {
            logger.critical("cannot start the hub", [.error(error)])
            return 3
        }
        var server: MetricsServer?
        if let port = configuration.metricsPort, let metrics {
            do {
                server = try MetricsServer(port: port, registry: metrics.registry, health: { service.isHealthy })
                logger.info("metrics listening", [.int("port", server?.port ?? port)])
            } catch {
                logger.critical("cannot open the metrics port", [.error(error)])
                return 3
            }
        }
        defer { server?.stop() }

        let signals = SignalWatcher()
        let watcher = Task {
            for await signal in signals.signals {
                logger.notice("signal received; stopping", [.string("signal", signal.description)])
                service.stop()
            }
        }
        defer {
            signals.cancel()
            watcher.cancel()
        }
        do {
            try await service.run()
            return 0
        } catch {
            logger.critical("the hub stopped on an error", [.error(error)])
            return 1
        }
    }
}
