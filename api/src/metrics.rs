//! Prometheus metrics: append batch sizes and fsync time from the log's commit observer,
//! request latencies from the HTTP layer.

use std::sync::Arc;
use std::time::Duration;

use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

/// Every metric linli exports, registered once.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    /// Events per group commit: shows how well concurrent appends share an fsync.
    pub batch_events: Histogram,
    /// Seconds spent in flush + fsync per group commit.
    pub sync_seconds: Histogram,
    /// Events made durable.
    pub events_committed: Counter,
    /// The durable head position, so dashboards can plot write volume and projection lag.
    pub log_head: Gauge,
    /// HTTP request latencies in seconds.
    pub request_seconds: Histogram,
    /// Events each read model is behind the log's head: how stale a query can be.
    pub projection_lag: Family<ProjectionLabel, Gauge>,
    /// 1 when a projection stopped on an error (it then serves what it had applied).
    pub projection_failed: Family<ProjectionLabel, Gauge>,
}

/// Labels a projection's metrics.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ProjectionLabel {
    /// The projection's stable id.
    pub projection: String,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Creates and registers all metrics.
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("linli");
        let batch_events = Histogram::new(exponential_buckets(1.0, 2.0, 13));
        let sync_seconds = Histogram::new(exponential_buckets(0.000_05, 2.0, 14));
        let events_committed = Counter::default();
        let log_head = Gauge::default();
        let request_seconds = Histogram::new(exponential_buckets(0.000_1, 2.0, 16));
        let projection_lag = Family::<ProjectionLabel, Gauge>::default();
        let projection_failed = Family::<ProjectionLabel, Gauge>::default();
        registry.register(
            "log_batch_events",
            "Events per group commit",
            batch_events.clone(),
        );
        registry.register(
            "log_sync_seconds",
            "Flush and fsync time per group commit",
            sync_seconds.clone(),
        );
        registry.register(
            "log_events_committed",
            "Events made durable",
            events_committed.clone(),
        );
        registry.register(
            "log_head_position",
            "The durable head position",
            log_head.clone(),
        );
        registry.register(
            "http_request_seconds",
            "HTTP request latency",
            request_seconds.clone(),
        );
        registry.register(
            "projection_lag_events",
            "Events a read model is behind the log head",
            projection_lag.clone(),
        );
        registry.register(
            "projection_failed",
            "1 when a read model stopped on an error",
            projection_failed.clone(),
        );
        Metrics {
            registry,
            batch_events,
            sync_seconds,
            events_committed,
            log_head,
            request_seconds,
            projection_lag,
            projection_failed,
        }
    }

    /// The Prometheus text exposition of every metric.
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = encode(&mut out, &self.registry);
        out
    }
}

/// Feeds the log's group commits into the metrics.
#[derive(Debug, Clone)]
pub struct LogObserver(pub Arc<Metrics>);

impl linli_eventlog::CommitObserver for LogObserver {
    fn batch_committed(&self, _requests: usize, events: usize, sync: Duration) {
        self.0.batch_events.observe(events as f64);
        self.0.sync_seconds.observe(sync.as_secs_f64());
        self.0.events_committed.inc_by(events as u64);
    }
}
