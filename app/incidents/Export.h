#pragma once

// An incident as the authority is told about it: JSON for tools, and the HTML of the PDF report with the AP's
// questions answered in the form's order, in Dutch or English. QtCore only: the PDF itself is rendered by
// ui/report (art32pdf, QtGui), which the GUI and art32ctl link.
#include "core/Clock.h"
#include "incidents/Incident.h"

#include <QByteArray>
#include <QString>

namespace art32::incidents {

/** The incident as JSON: the register's columns, the fields by key, decisions, accounts, timeline, reports. */
QByteArray exportJson(const Incident& incident, Lang lang, const Clock& clock);

/** The report as HTML for QTextDocument: chapters 1–10, each question numbered as on the AP's form. */
QString reportHtml(const Incident& incident, Lang lang, const Clock& clock);

/** A time for a report: local time with its zone ("2026-12-02 10:15 CET"); empty when invalid. */
QString reportTime(const QDateTime& t);

/**
 * A frozen report (asReported() of the incident) as HTML or JSON: the same chapters as reportHtml()/exportJson(),
 * headed by which report it was (initial or supplement n), its report number, when it was sent and who recorded
 * it, so a reader sees exactly what the authority was told. Later edits of the incident are not in it.
 */
QString frozenReportHtml(const Incident& frozen, const Report& report, Lang lang, const Clock& clock);
QByteArray frozenReportJson(const Incident& frozen, const Report& report, Lang lang, const Clock& clock);
/** "Initial notification", "Supplement 2" in a report language. */
QString reportName(const Report& report, Lang lang);

} // namespace art32::incidents
