package io.github.camelwolkvox.operations;

import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.camelwolkvox.component.PropertyKeys;

/**
 * The job's settings at start-up, every secret masked. Replaces Camel Main's own summaries
 * (camel.main.auto-configuration-log-summary=false): Camel 4.14 masks only keys its fixed list calls
 * sensitive, so it printed the REST API keys (wolkvox.rest.api-keys) and a password inside a JDBC URL.
 */
public class SettingsSummary extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsSummary.class);

    @Override
    public void afterConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        Map<String, String> settings = new TreeMap<>();
        for (String key : PropertyKeys.of(context, "wolkvox.")) {
            settings.put(key, Secrets.masked(key, context.getPropertiesComponent().resolveProperty(key).orElse("")));
        }
        StringBuilder out = new StringBuilder("Settings (secrets masked):");
        settings.forEach((k, v) -> out.append("\n    ").append(k).append(" = ").append(v));
        LOG.info("{}", out);
    }
}
