package io.github.camelwolkvox.csv;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

import io.github.camelwolkvox.component.WolkvoxComponent;
import io.github.camelwolkvox.sandbox.WolkvoxSandboxSupport;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

/**
 * The route as shipped (routes/activity-codes.camel.yaml and the shared retry policy, settings from
 * application.properties) in a CamelContext of its own, watching a test inbox, quick to poll.
 */
final class ActivityCodesRoute {

    private ActivityCodesRoute() {
    }

    static CamelContext start(Path inbox, Map<String, String> settings, Consumer<WolkvoxSandbox> sandbox) throws Exception {
        Map<String, String> all = new HashMap<>(Map.of(
                "wolkvox.activity-codes.inbox", inbox.toString(),
                "wolkvox.activity-codes.poll-delay", "50",
                "wolkvox.activity-codes.read-lock-check-interval", "100",
                "wolkvox.activity-codes.read-lock-timeout", "2000",
                "wolkvox.activity-codes.min-age", "0",
                "wolkvox.retry.initial-delay", "5",
                "wolkvox.retry.max-delay", "20"));
        all.putAll(settings);
        Properties overrides = new Properties();
        overrides.putAll(all);
        CamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("file:application.properties");
        context.getPropertiesComponent().setOverrideProperties(overrides);
        WolkvoxSandboxSupport.installIn(context).setCustomizer(sandbox::accept);
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.resolveResource(context, "classpath:camel-wolkvox/templates/retries.camel.yaml"),
                ResourceHelper.resolveResource(context, "classpath:camel-wolkvox/templates/activity-codes-inbox.camel.yaml"),
                ResourceHelper.resolveResource(context, "file:routes/activity-codes.camel.yaml"));
        context.start();
        return context;
    }

    static WolkvoxSandbox sandbox(CamelContext context) {
        return WolkvoxSandboxSupport.of(context).running().orElseThrow();
    }
}
