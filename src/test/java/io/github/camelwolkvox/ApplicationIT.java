package io.github.camelwolkvox;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;

import javax.management.ObjectName;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelwolkvox.component.WolkvoxComponent;
import io.github.camelwolkvox.sandbox.WolkvoxSandboxSupport;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The runnable job as the README starts it: the project's application.properties and routes/. */
class ApplicationIT {

    @TempDir
    Path data;

    private Main main;

    @AfterEach
    void stop() {
        if (main != null) {
            main.stop();
        }
    }

    @Test
    void withNoTokenTheJobRunsAgainstTheSandboxAndCallsAllFiveOperations() throws Exception {
        main = TestApplication.start(TestApplication.isolatedSettings(data));
        WolkvoxComponent wolkvox = main.getCamelContext().getComponent("wolkvox", WolkvoxComponent.class);

        assertThat(wolkvox.isSandboxActive()).isTrue();
        WolkvoxSandbox sandbox = WolkvoxSandboxSupport.of(main.getCamelContext()).running().orElseThrow();
        await().until(() -> sandbox.dials().size() == 1);
        assertThat(sandbox.interactions()).hasSize(1);
        assertThat(sandbox.activityCodes()).containsKey("TOUR|TOUR-01");
        assertThat(sandbox.overlaps()).isZero();
    }

    @Test
    void aSettingOverriddenOnTheCommandLineWins() throws Exception {
        Map<String, String> settings = TestApplication.isolatedSettings(data);
        System.setProperty("wolkvox.sandbox.tour", "false");
        try {
            main = TestApplication.start(settings);
            assertThat(main.getCamelContext().getRouteController().getRouteStatus("wolkvox-sandbox-tour").isStarted()).isFalse();
        } finally {
            System.clearProperty("wolkvox.sandbox.tour");
        }
    }

    @Test
    void theJobRegistersNoJmxMBeansByDefault() throws Exception {
        // About 20 MiB resident and start-up work for MBeans nothing of the job reads (camel.main.jmx-enabled).
        main = TestApplication.start(TestApplication.isolatedSettings(data));
        assertThat(main.getCamelContext().isStarted()).isTrue();
        // With JMX on, Camel names the MBeans after the context (camel.main.name = camel-wolkvox).
        assertThat(ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("org.apache.camel:context=camel-wolkvox,*"), null))
                .isEmpty();
    }
}
