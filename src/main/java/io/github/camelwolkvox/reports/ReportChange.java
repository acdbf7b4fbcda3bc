package io.github.camelwolkvox.reports;

/**
 * What changed in a report between two snapshots: a record appeared or disappeared, or one of its
 * tracked fields (a routing point's *_active flag, its name, a connector's routing point...) changed.
 */
public record ReportChange(Report report, String recordId, Kind kind, String field, String oldValue, String newValue) {

    public enum Kind { APPEARED, DISAPPEARED, CHANGED }

    static ReportChange appeared(Report report, String recordId) {
        return new ReportChange(report, recordId, Kind.APPEARED, null, null, null);
    }

    static ReportChange disappeared(Report report, String recordId) {
        return new ReportChange(report, recordId, Kind.DISAPPEARED, null, null, null);
    }

    static ReportChange changed(Report report, String recordId, String field, String oldValue, String newValue) {
        return new ReportChange(report, recordId, Kind.CHANGED, field, oldValue, newValue);
    }

    @Override
    public String toString() {
        String subject = report.label() + " " + recordId;
        return switch (kind) {
            case APPEARED -> subject + " appeared";
            case DISAPPEARED -> subject + " disappeared";
            case CHANGED -> subject + " " + field + ": '" + oldValue + "' -> '" + newValue + "'";
        };
    }
}
