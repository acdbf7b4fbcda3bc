package io.github.camelwolkvox.component;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The names of the properties a context knows that start with a prefix, from every source: the
 * property files, the initial and override properties (Camel Main keeps the settings file and -D /
 * test overrides there, and {@link PropertiesComponent#loadProperties()} leaves them out) and the
 * JVM's system properties. Values are to be read with resolveProperty, which honours precedence.
 */
public final class PropertyKeys {

    private PropertyKeys() {
    }

    public static Set<String> of(CamelContext context, String prefix) {
        PropertiesComponent pc = context.getPropertiesComponent();
        List<Properties> sources = new ArrayList<>(List.of(pc.loadProperties(k -> k.startsWith(prefix)), System.getProperties()));
        if (pc instanceof org.apache.camel.component.properties.PropertiesComponent impl) {
            sources.add(impl.getInitialProperties());
            sources.add(impl.getOverrideProperties());
        }
        Set<String> keys = new TreeSet<>();
        for (Properties source : sources) {
            if (source != null) {
                source.stringPropertyNames().stream().filter(k -> k.startsWith(prefix)).forEach(keys::add);
            }
        }
        return keys;
    }
}
