package io.github.camelwolkvox.operations;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

/**
 * Fail, don't limp: before Camel starts anything, the job checks what would otherwise fail quietly
 * later (Camel 4.14 logs a management port it cannot bind and runs on without health or metrics;
 * a missing inbox folder that cannot be created shows only as a failing poll).
 * Each failure is one line naming the setting and its environment variable.
 */
public class StartupChecks extends MainListenerSupport {

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        // the REST port is checked by RestApiSetup
        checkPort(context, "camel.management.enabled", "wolkvox.management.port", "camel.management.host");
        checkInbox(context, "wolkvox.activity-codes.inbox");
    }

    private static void checkPort(CamelContext context, String enabled, String setting, String hostSetting) {
        Optional<String> port = property(context, setting);
        if (port.isEmpty() || !Boolean.parseBoolean(property(context, enabled).orElse("false"))) {
            return;
        }
        String host = property(context, hostSetting).orElse("0.0.0.0");
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(host, Integer.parseInt(port.get())));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException(setting + " (" + env(setting) + ") = " + port.get() + ": the port cannot be bound on "
                    + host + " (" + e.getMessage() + "); stop what uses it or choose another port");
        }
    }

    private static void checkInbox(CamelContext context, String setting) {
        Optional<String> inbox = property(context, setting);
        if (inbox.isEmpty()) {
            return;
        }
        Path folder = Path.of(inbox.get()).toAbsolutePath();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new IllegalStateException(setting + " (" + env(setting) + "): the folder " + folder
                    + " does not exist and cannot be created (" + e.getClass().getSimpleName() + ")");
        }
        if (!Files.isWritable(folder)) {
            throw new IllegalStateException(setting + " (" + env(setting) + "): the folder " + folder
                    + " is read-only; files taken from it could not be moved to done/ or error/");
        }
    }

    private static Optional<String> property(CamelContext context, String key) {
        return context.getPropertiesComponent().resolveProperty(key).map(String::strip).filter(s -> !s.isEmpty());
    }

    static String env(String setting) {
        return setting.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
