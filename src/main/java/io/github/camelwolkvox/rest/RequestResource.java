package io.github.camelwolkvox.rest;

import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import io.github.camelwolkvox.queue.RequestQueue;

/**
 * The asynchronous side of the REST API: {@code POST /requests/dials} and
 * {@code /requests/interactions} queue the validated request as a PENDING row (source rest-async)
 * and answer 202 with its id and {@code Location}; {@code GET /requests/{id}} reads the row. The
 * pollers send it like any other row, with the same claim, back-off and outcome.
 */
public class RequestResource {

    private static final Pattern ID = Pattern.compile("(dial|interaction)-(\\d{1,18})");

    private RequestQueue queue;

    /** 202: the request is in its table; the answer names it. */
    public void accept(Exchange exchange) throws SQLException {
        Message message = exchange.getMessage();
        Object request = message.getBody();
        long id = queue.enqueue(request, RequestQueue.SOURCE_REST_ASYNC, exchange.getVariable(IdempotencyKeys.KEY, String.class));
        String name = (RequestQueue.tableOf(request).equals(RequestQueue.TABLES.get(0)) ? "dial-" : "interaction-") + id;
        String location = exchange.getContext().getRestConfiguration().getContextPath().replaceAll("/+$", "") + "/requests/" + name;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", name);
        body.put("status", "PENDING");
        body.put("location", location);
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        message.setHeader("Location", location);
        message.setBody(body);
    }

    /** 200 with the row's status and outcome; 404 for an id that names no row. */
    public Map<String, Object> describe(Exchange exchange) throws SQLException {
        String id = exchange.getVariable("id", String.class);
        Matcher m = ID.matcher(id == null ? "" : id);
        Map<String, Object> row = m.matches()
                ? queue.find(m.group(1).equals("dial") ? RequestQueue.TABLES.get(0) : RequestQueue.TABLES.get(1), Long.parseLong(m.group(2)))
                        .orElse(null)
                : null;
        if (row == null) {
            throw new RestRefusalException(404, "not_found", "no request " + id + " (ids look like dial-42 or interaction-7)");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("type", m.group(1));
        for (String column : new String[] {"status", "source", "attempts", "conn_id", "result_msg", "last_error", "external_ref"}) {
            if (row.containsKey(column)) {
                body.put(column, row.get(column));
            }
        }
        body.put("created_at", timestamp(row.get("created_at")));
        body.put("updated_at", timestamp(row.get("updated_at")));
        return body;
    }

    private static String timestamp(Object value) {
        return value instanceof OffsetDateTime t ? t.toInstant().toString() : value == null ? null : value.toString();
    }

    public void setQueue(RequestQueue queue) {
        this.queue = queue;
    }
}
