package io.github.camelwolkvox;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.main.Main;

import io.github.camelwolkvox.db.DatabaseEarlyStart;
import io.github.camelwolkvox.operations.HealthExposure;
import io.github.camelwolkvox.operations.SettingsSummary;
import io.github.camelwolkvox.operations.StartupChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runnable job: Camel Main with ./application.properties and the routes in ./routes/.
 * {@code -Dwolkvox.config=/path/to/application.properties} points at another settings file.
 */
public final class Application {

    static {
        // Before the first logger (static fields initialise in this order): Log4j's MBeans (nothing of
        // the job reads them, and the JVM's MBean server is then never made), its servlet-container
        // look-up and its context per class loader (a stack walk at every getLogger; the job has one
        // class loader) are start-up time only. Set here, for the runnable job, rather than in a
        // log4j2.component.properties that would also reach an application embedding the module.
        // A -D option of the same name wins.
        defaultProperty("log4j2.disableJmx", "true");
        defaultProperty("log4j2.isWebapp", "false");
        defaultProperty("log4j2.contextSelector", "org.apache.logging.log4j.core.selector.BasicContextSelector");
    }

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private Application() {
    }

    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    public static void main(String[] args) throws Exception {
        Path config = Path.of(System.getProperty("wolkvox.config", "application.properties")).toAbsolutePath();
        if (Files.isRegularFile(config)) {
            LOG.info("Settings: {}", config);
        } else {
            LOG.warn("Settings file {} not found: running on built-in defaults (start from the project folder,"
                    + " or pass -Dwolkvox.config=...)", config);
        }
        try {
            createMain(config).run(args);
        } catch (Exception e) {
            // A misconfiguration is one line naming the setting, not a page of Camel's wrapping exceptions.
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            LOG.debug("Start failed", e);
            LOG.error("Cannot start: {}", cause.getMessage());
            System.exit(1);
        }
    }

    /**
     * Camel Main reading the given settings file. No classpath scanning: the Java DSL routes are listed
     * in camel.main.routes-builder-classes, so nothing else on the classpath (a test, a host's
     * classes) is started by accident. The settings summary masks every secret; the start-up checks
     * fail the start on a port that cannot be bound or an unusable inbox; the database opens while the
     * routes are built.
     */
    public static Main createMain(Path config) {
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation("file:" + config.toAbsolutePath() + ";optional=true");
        main.addMainListener(new SettingsSummary());
        main.addMainListener(new StartupChecks());
        main.addMainListener(new HealthExposure());
        main.addMainListener(new DatabaseEarlyStart());
        return main;
    }
}
