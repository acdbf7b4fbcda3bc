package io.github.camelwolkvox.operations;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.util.SensitiveUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's settings at start-up, every secret masked. Replaces Camel Main's own summaries
 * (camel.main.auto-configuration-log-summary=false): Camel 4.14 masks only keys its fixed list calls
 * sensitive, so it printed the REST API keys (wolkvox.rest.api-keys) and a password inside a JDBC URL.
 */
public class SettingsSummary extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsSummary.class);
    static final String MASK = "xxxxxx";
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)((?:password|pwd)=)[^;&]*");
    private static final Pattern URL_USER_INFO = Pattern.compile("(//[^/:@]*:)[^@/]*@");

    @Override
    public void afterConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        Map<String, String> settings = new TreeMap<>();
        context.getPropertiesComponent().loadProperties(k -> k.startsWith("wolkvox.")).forEach((k, v) -> {
            String key = k.toString();
            settings.put(key, masked(key, context.getPropertiesComponent().resolveProperty(key).orElse("")));
        });
        StringBuilder out = new StringBuilder("Settings (secrets masked):");
        settings.forEach((k, v) -> out.append("\n    ").append(k).append(" = ").append(v));
        LOG.info("{}", out);
    }

    /** The value as it may be printed: a secret key's value masked, a password inside a URL masked. */
    static String masked(String key, String value) {
        String k = key.toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            return value;
        }
        if (SensitiveUtils.containsSensitive(key) || k.contains("api-key") || k.contains("apikey")) {
            return MASK;
        }
        return URL_USER_INFO.matcher(URL_PASSWORD.matcher(value).replaceAll("$1" + MASK)).replaceAll("$1" + MASK + "@");
    }
}
