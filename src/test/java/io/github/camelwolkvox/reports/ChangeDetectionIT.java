package io.github.camelwolkvox.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelwolkvox.component.model.Connector;
import io.github.camelwolkvox.component.model.RoutingPoint;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

/** What changed in the sandbox between two pulls lands in wolkvox_report_change. */
class ChangeDetectionIT {

    @TempDir
    Path dir;

    @Test
    void flippedFlagsRenamesAndAppearingOrDisappearingConnectorsAreLogged() throws Exception {
        try (ReportsHarness h = new ReportsHarness(dir).set("wolkvox.reports.allow-faster", "true")
                .set("wolkvox.reports.max-age", "0").start()) {
            ProducerTemplate template = h.context.createProducerTemplate();
            template.requestBody("direct:wolkvox-routing-points-latest", null, List.class);
            template.requestBody("direct:wolkvox-connectors-latest", null, List.class);
            assertThat(h.count("SELECT count(*) FROM wolkvox_report_change")).as("nothing to compare the first snapshot with").isZero();

            WolkvoxSandbox sandbox = h.sandbox();
            // 101: IVR switched off, and last_use moved on (use, not configuration: no change logged)
            sandbox.routingPoints().set(0, new RoutingPoint("101", "Sales inbound", "no", "yes", "no", "yes", "2026-11-21 08:00:00"));
            sandbox.routingPoints().set(1, new RoutingPoint("102", "Customer care VIP", "yes", "no", "yes", "no", "2026-11-20 15:41:02"));
            sandbox.connectors().removeIf(c -> c.connectorId().equals("5004"));
            sandbox.connectors().add(new Connector("5005", "103", "Telegram bot", "telegram"));

            template.requestBody("direct:wolkvox-routing-points-latest", null, List.class);
            template.requestBody("direct:wolkvox-connectors-latest", null, List.class);

            assertThat(changes(h)).containsExactlyInAnyOrder(
                    "routing-points|101|CHANGED|ivr_active|yes|no",
                    "routing-points|102|CHANGED|rp_name|Customer care|Customer care VIP",
                    "connectors|5005|APPEARED|null|null|null",
                    "connectors|5004|DISAPPEARED|null|null|null");

            // A third pull with nothing changed adds no change rows.
            template.requestBody("direct:wolkvox-routing-points-latest", null, List.class);
            assertThat(changes(h)).hasSize(4);
            assertThat(h.count("SELECT count(*) FROM wolkvox_report_snapshot WHERE report = 'routing-points'")).isEqualTo(3);
        }
    }

    private static List<String> changes(ReportsHarness h) throws Exception {
        return h.rows("SELECT report, record_id, change_kind, field, old_value, new_value FROM wolkvox_report_change");
    }
}
