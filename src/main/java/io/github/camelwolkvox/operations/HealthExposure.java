package io.github.camelwolkvox.operations;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

/**
 * {@code wolkvox.management.details} decides how much the health pages show: true is Camel's
 * exposure level "full" (every check with its details, error messages and, on request, stack
 * traces); false (the default) is "default" (the state and the reason only).
 */
public class HealthExposure extends MainListenerSupport {

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        boolean details = main.getCamelContext().getPropertiesComponent().resolveProperty("wolkvox.management.details")
                .map(String::strip).map(Boolean::parseBoolean).orElse(false);
        main.configure().health().setExposureLevel(details ? "full" : "default");
    }
}
