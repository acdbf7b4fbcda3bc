package io.github.camelwolkvox;

import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelwolkvox.component.WolkvoxComponent;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The runnable job as the README starts it: the project's application.properties and routes/. */
class ApplicationTest {

    private Main main;

    @AfterEach
    void stop() {
        if (main != null) {
            main.stop();
        }
    }

    @Test
    void withNoTokenTheJobRunsAgainstTheSandboxAndCallsAllFiveOperations(@TempDir Path data) throws Exception {
        main = Application.createMain(Path.of("application.properties"));
        main.addOverrideProperty("wolkvox.db.url", "jdbc:h2:file:" + data.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        main.addOverrideProperty("wolkvox.sandbox.tour-delay", "0");
        main.start();
        CamelContext context = main.getCamelContext();
        WolkvoxComponent wolkvox = context.getComponent("wolkvox", WolkvoxComponent.class);

        assertThat(wolkvox.isSandboxActive()).isTrue();
        WolkvoxSandbox sandbox = wolkvox.getRunningSandbox().orElseThrow();
        await().until(() -> sandbox.dials().size() == 1);
        assertThat(sandbox.interactions()).hasSize(1);
        assertThat(sandbox.activityCodes()).containsKey("TOUR|TOUR-01");
        assertThat(sandbox.overlaps()).isZero();
    }

    @Test
    void aSettingOverriddenOnTheCommandLineWins() throws Exception {
        System.setProperty("wolkvox.sandbox.tour", "false");
        try {
            main = Application.createMain(Path.of("application.properties"));
            main.start();
            assertThat(main.getCamelContext().getRouteController().getRouteStatus("wolkvox-sandbox-tour").isStarted()).isFalse();
        } finally {
            System.clearProperty("wolkvox.sandbox.tour");
        }
    }
}
