package io.github.camelwolkvox.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;

/** The recovery must run before the pollers: without the database, the queue does not start at all. */
class QueueStartupIT {

    private static Map<String, String> unreachableDatabase() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        return Map.of("wolkvox.db.url", "jdbc:postgresql://127.0.0.1:" + closedPort + "/wolkvox",
                "camel.beans.wolkvoxDataSource.connectionTimeout", "1000", "camel.management.enabled", "false");
    }

    @Test
    void withTheQueueEnabledTheJobDoesNotStartWithoutItsDatabase() throws IOException {
        try (QueueApp app = new QueueApp(unreachableDatabase())) {
            assertThatThrownBy(app::start).hasStackTraceContaining("Cannot recover the IN_FLIGHT rows of wolkvox_dial_request");
        }
    }

    @Test
    void aGlobalCallbackUrlWithoutASecretFailsTheStartNamingTheSetting() throws IOException {
        Map<String, String> settings = new java.util.HashMap<>(unreachableDatabase());
        settings.put("wolkvox.queue.enabled", "false");
        settings.put("wolkvox.queue.callback-url", "https://crm.example.com/hooks/wolkvox");
        try (QueueApp app = new QueueApp(settings)) {
            assertThatThrownBy(app::start).hasStackTraceContaining(
                    "wolkvox.queue.callback-url is set but wolkvox.queue.callback.secret (WOLKVOX_QUEUE_CALLBACK_SECRET) is empty");
        }
    }

    @Test
    void withTheQueueDisabledNothingTouchesTheDatabase() throws IOException {
        Map<String, String> settings = new java.util.HashMap<>(unreachableDatabase());
        settings.put("wolkvox.queue.enabled", "false");
        try (QueueApp app = new QueueApp(settings).start()) {
            assertThat(app.context().getStatus()).isEqualTo(ServiceStatus.Started);
            assertThat(app.context().getRouteController().getRouteStatus("wolkvox-dial-queue")).isEqualTo(ServiceStatus.Stopped);
            assertThat(app.context().getRouteController().getRouteStatus("wolkvox-interaction-queue")).isEqualTo(ServiceStatus.Stopped);
            assertThat(app.context().getRouteController().getRouteStatus("wolkvox-queue-callbacks")).isEqualTo(ServiceStatus.Stopped);
        }
    }
}
