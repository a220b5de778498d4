import OneThingSupport
import Testing
@testable import OneThingHub

@Suite struct OpsMetricsRegistryTests {
    @Test func rendersHelpTypeAndSortedSamples() {
        let registry = MetricsRegistry()
        let received = registry.counter("onething_messages_in_total", help: "Messages consumed, by topic.")
        let overdue = registry.gauge("onething_matters_overdue", help: "Overdue matters.")
        received.increment(labels: ["topic": "retirement.replies.police"])
        received.increment(by: 2, labels: ["topic": "retirement.applications"])
        received.increment(labels: ["topic": "retirement.applications"])
        overdue.set(4)
        #expect(registry.render() == """
            # HELP onething_matters_overdue Overdue matters.
            # TYPE onething_matters_overdue gauge
            onething_matters_overdue 4
            # HELP onething_messages_in_total Messages consumed, by topic.
            # TYPE onething_messages_in_total counter
            onething_messages_in_total{topic="retirement.applications"} 3
            onething_messages_in_total{topic="retirement.replies.police"} 1

            """)
    }

    @Test func labelValuesAndHelpAreEscapedAndLabelsSortedByName() {
        let registry = MetricsRegistry()
        let gauge = registry.gauge("odd", help: "line one\nback\\slash")
        gauge.set(1.5, labels: ["z": "a\"b", "a": "c\\d\ne"])
        #expect(registry.render() == """
            # HELP odd line one\\nback\\\\slash
            # TYPE odd gauge
            odd{a="c\\\\d\\ne",z="a\\"b"} 1.5

            """)
    }

    @Test func valuesUseTheFormatsSpellings() {
        #expect(OpsPrometheusText.value(42) == "42")
        #expect(OpsPrometheusText.value(-3) == "-3")
        #expect(OpsPrometheusText.value(0.25) == "0.25")
        #expect(OpsPrometheusText.value(.nan) == "NaN")
        #expect(OpsPrometheusText.value(.infinity) == "+Inf")
        #expect(OpsPrometheusText.value(-.infinity) == "-Inf")
        #expect(OpsPrometheusText.value(1e20) == "1e+20")
    }

    @Test func invalidNamesAreSanitisedNotFatal() {
        #expect(OpsPrometheusText.metricName("hub.messages-in") == "hub_messages_in")
        #expect(OpsPrometheusText.metricName("9lives") == "_lives")
        #expect(OpsPrometheusText.metricName("ns:metric") == "ns:metric")
        #expect(OpsPrometheusText.labelName("a:b") == "a_b")
        #expect(OpsPrometheusText.labelSet(["dlq code": "x"]) == #"{dlq_code="x"}"#)
    }

    @Test func countersOnlyGoUpAndGaugesMoveBothWays() {
        let registry = MetricsRegistry()
        let counter = registry.counter("c_total", help: "c")
        counter.increment(by: 5)
        counter.increment(by: -2)
        #expect(registry.value(of: "c_total") == 5)
        let gauge = registry.gauge("g", help: "g")
        gauge.increment(by: 3)
        gauge.decrement()
        #expect(registry.value(of: "g") == 2)
        // A second declaration with another type keeps the first; the mismatched handle is inert.
        registry.gauge("c_total", help: "other").set(100)
        #expect(registry.value(of: "c_total") == 5)
        #expect(registry.render().contains("# TYPE c_total counter\n"))
    }

    @Test func collectorsAreCalledAtEachScrapeAndJoinDeclaredFamilies() {
        let metrics = HubMetrics()
        let scrapes = Locked(0)
        metrics.setApplications(state: "accepted", count: 1)
        metrics.addCollector {
            let count = scrapes.withLock { value -> Int in
                value += 1
                return value
            }
            return [HubMetrics.collected(HubMetrics.applications, labels: ["state": "completed"], value: Double(count)),
                    HubMetrics.collected(HubMetrics.outboxDepth, value: 7),
                    .init(name: "onething_store_bytes", help: "Store file size.", value: 4096)]
        }
        let first = metrics.registry.render()
        let second = metrics.registry.render()
        #expect(scrapes.withLock { $0 } == 2)
        #expect(first.contains("onething_applications{state=\"accepted\"} 1\nonething_applications{state=\"completed\"} 1\n"))
        #expect(second.contains("onething_applications{state=\"completed\"} 2\n"))
        #expect(first.components(separatedBy: "# TYPE onething_applications gauge").count == 2)
        #expect(first.contains("onething_outbox_depth 7\n"))
        #expect(first.contains("# HELP onething_store_bytes Store file size.\n# TYPE onething_store_bytes gauge\nonething_store_bytes 4096\n"))
    }

    @Test func hubMetricsUseTheDocumentedNamesAndLabels() {
        let metrics = HubMetrics()
        metrics.messageIn(topic: "retirement.applications", count: 2)
        metrics.messageOut(topic: "retirement.status")
        metrics.deadLetter(code: "malformed")
        metrics.setMattersOverdue(3)
        metrics.setOutboxDepth(0)
        metrics.setConsumerLag(topic: "retirement.applications", partition: 1, lag: 12)
        let text = metrics.registry.render()
        for line in [
            "# TYPE onething_messages_in_total counter",
            #"onething_messages_in_total{topic="retirement.applications"} 2"#,
            #"onething_messages_out_total{topic="retirement.status"} 1"#,
            #"onething_deadletters_total{code="malformed"} 1"#,
            "# TYPE onething_applications gauge",
            "onething_matters_overdue 3",
            "onething_outbox_depth 0",
            #"onething_consumer_lag{partition="1",topic="retirement.applications"} 12"#,
        ] {
            #expect(text.contains(line + "\n"), "missing \(line)")
        }
    }

    @Test func concurrentUpdatesAreAllCounted() async {
        let registry = MetricsRegistry()
        let counter = registry.counter("n_total", help: "n")
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask { for _ in 0..<1000 { counter.increment(labels: ["k": "v"]) } }
            }
        }
        #expect(registry.value(of: "n_total", labels: ["k": "v"]) == 8000)
    }
}
