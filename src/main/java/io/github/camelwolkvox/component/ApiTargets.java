package io.github.camelwolkvox.component;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves what an endpoint calls, when the endpoint is created: a misspelt file, api or query
 * parameter fails the start naming the nearest names the catalogue knows, before any route runs.
 */
final class ApiTargets {

    private ApiTargets() {
    }

    static WolkvoxApi resolve(WolkvoxOperation operation, WolkvoxCallConfiguration options) {
        WolkvoxCatalogue catalogue = WolkvoxCatalogue.shipped();
        if (operation != WolkvoxOperation.call) {
            if (options.getFile() != null || options.getApi() != null || options.getMethod() != null) {
                throw new IllegalArgumentException("The options file, api and method belong to wolkvox:call, not wolkvox:" + operation);
            }
            if (!ApiCall.handles(operation) && !options.getQuery().isEmpty()) {
                throw new IllegalArgumentException("wolkvox:" + operation + " takes no query.* options; its input is the message body");
            }
            WolkvoxApi api = WolkvoxApi.of(operation);
            catalogue.find(api.file(), api.api()).ifPresent(e -> checkQuery(api, e.query(), options));
            return api;
        }
        if (blank(options.getFile()) || blank(options.getApi())) {
            throw new IllegalArgumentException("wolkvox:call needs the options file and api, e.g. wolkvox:call?file=information&api=agents");
        }
        String file = WolkvoxCatalogue.normaliseFile(options.getFile());
        String apiName = options.getApi().strip();
        Optional<WolkvoxCatalogue.Entry> entry = catalogue.find(file, apiName);
        if (entry.isEmpty() && !options.isAllowUnknownApi()) {
            catalogue.require(file, apiName);
        }
        String method = entry.map(WolkvoxCatalogue.Entry::method).orElse("GET");
        if (!blank(options.getMethod())) {
            String asked = options.getMethod().strip().toUpperCase(Locale.ROOT);
            if (!Set.of("GET", "POST", "PUT", "DELETE").contains(asked)) {
                throw new IllegalArgumentException("Option method '" + options.getMethod() + "' of wolkvox:call must be GET, POST, PUT or DELETE");
            }
            if (entry.isPresent() && !asked.equals(method) && !options.isAllowUnknownApi()) {
                throw new IllegalArgumentException("Option method=" + asked + " of wolkvox:call: Wolkvox takes " + file + "?api="
                        + apiName + " by " + method + " (set allowUnknownApi=true if the vendor changed it)");
            }
            method = asked;
        }
        boolean idempotent = options.getIdempotent() != null ? options.getIdempotent() : "GET".equals(method);
        WolkvoxApi api = new WolkvoxApi(WolkvoxOperation.call, file, apiName, method, idempotent);
        entry.ifPresent(e -> checkQuery(api, e.query(), options));
        return api;
    }

    private static void checkQuery(WolkvoxApi api, Set<String> known, WolkvoxCallConfiguration options) {
        if (options.isAllowUnknownApi()) {
            return;
        }
        for (String name : options.getQuery().keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("Unknown query parameter query." + name + " for " + api.file() + "?api=" + api.api()
                        + (known.isEmpty() ? ": it takes none" : ": did you mean " + WolkvoxCatalogue.nearest(name, known) + "?")
                        + " (allowUnknownApi=true sends it anyway)");
            }
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
