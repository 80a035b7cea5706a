#include "incidents/TimelinePanel.h"

#include "core/TimeFormat.h"
#include "incidents/IncidentStore.h"
#include "session/Services.h"
#include "session/Session.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace art32::ui {

using namespace art32::incidents;

TimelinePanel::TimelinePanel(Session* session, QWidget* parent)
    : QGroupBox(tr("Timeline"), parent)
    , m_session(session)
    , m_list(new QTreeWidget(this))
    , m_note(new QLineEdit(this))
    , m_addButton(new QPushButton(tr("Add note"), this))
{
    setObjectName(QStringLiteral("timelinePanel"));
    m_list->setObjectName(QStringLiteral("timelineList"));
    m_list->setAccessibleName(tr("Timeline of the incident"));
    m_list->setHeaderLabels({ tr("When"), tr("Who"), tr("What") });
    m_list->setRootIsDecorated(false);
    m_list->setWordWrap(true);
    m_list->header()->setStretchLastSection(true);
    m_list->setMinimumHeight(m_list->fontMetrics().lineSpacing() * 8);
    m_note->setObjectName(QStringLiteral("timelineNote"));
    m_note->setAccessibleName(tr("Note for the timeline"));
    m_note->setPlaceholderText(tr("A note for the timeline (kept as written, never edited)"));
    m_note->setMaxLength(10000);
    m_addButton->setObjectName(QStringLiteral("addNoteButton"));

    auto* intro = new QLabel(tr("Every change is recorded here as it happens, with who made it; entries are never "
                                "edited or removed."),
                             this);
    intro->setWordWrap(true);
    auto* row = new QHBoxLayout;
    row->addWidget(m_note, 1);
    row->addWidget(m_addButton);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_list);
    layout->addLayout(row);

    connect(m_addButton, &QPushButton::clicked, this, &TimelinePanel::addNote);
    connect(m_note, &QLineEdit::returnPressed, this, &TimelinePanel::addNote);
    setIncident({}, false);
}

QString TimelinePanel::describe(const TimelineEntry& e)
{
    const Lang lang = uiLang();
    const QString what = e.what;
    if (e.kind == QLatin1String("fields") && what.startsWith(QLatin1String("changed: "))) {
        QStringList labels;
        for (const QString& key : what.mid(9).split(QStringLiteral(", "), Qt::SkipEmptyParts))
            labels << fieldLabel(key.trimmed(), lang);
        return tr("Changed: %1").arg(labels.join(QStringLiteral("; ")));
    }
    if (e.kind == QLatin1String("state")) {
        const QStringList states = what.split(QStringLiteral(" -> "));
        const auto from = stateFromKey(states.value(0));
        const auto to = stateFromKey(states.value(1));
        if (from && to)
            return tr("State: %1 → %2").arg(stateName(*from), stateName(*to));
    }
    if (e.kind == QLatin1String("note"))
        return tr("Note: %1").arg(what);
    if (e.kind == QLatin1String("opened"))
        return tr("Opened: %1").arg(what.startsWith(QLatin1String("opened: ")) ? what.mid(8) : what);
    if (e.kind == QLatin1String("decision")) {
        QString text = what;
        text.replace(QLatin1String("notify_authority: yes"), tr("Decision: notify the authority"));
        text.replace(QLatin1String("notify_authority: no"), tr("Decision: do not notify the authority"));
        text.replace(QLatin1String("inform_subjects: yes"), tr("Decision: inform the people affected"));
        text.replace(QLatin1String("inform_subjects: no"), tr("Decision: do not inform the people affected"));
        return text;
    }
    if (e.kind == QLatin1String("report")) {
        const qsizetype under = what.indexOf(QLatin1String(" under "));
        const QString number = under >= 0 ? what.mid(under + 7) : QString();
        if (what.startsWith(QLatin1String("initial notification")))
            return tr("Report sent: initial notification under %1").arg(number);
        if (what.startsWith(QLatin1String("supplement ")))
            return tr("Report sent: supplement %1 under %2").arg(what.mid(11, under - 11), number);
    }
    if (e.kind == QLatin1String("accounts"))
        return tr("Affected accounts: %1").arg(what);
    return what;
}

void TimelinePanel::setIncident(const Incident& incident, bool canEdit)
{
    m_incident = incident;
    m_note->setVisible(canEdit);
    m_addButton->setVisible(canEdit);
    m_note->setEnabled(incident.id != 0);
    m_addButton->setEnabled(incident.id != 0);
    m_list->clear();
    for (const TimelineEntry& e : incident.timeline) {
        auto* item = new QTreeWidgetItem(m_list, { timefmt::absolute(e.at), e.actor, describe(e) });
        item->setData(0, Qt::UserRole, e.id);
        item->setData(2, Qt::UserRole, e.kind);
        item->setToolTip(2, e.what);
    }
    if (incident.id && incident.timeline.isEmpty())
        new QTreeWidgetItem(m_list, { QString(), QString(), tr("No entries yet.") });
    m_list->resizeColumnToContents(0);
    m_list->resizeColumnToContents(1);
    if (m_list->topLevelItemCount())
        m_list->scrollToItem(m_list->topLevelItem(m_list->topLevelItemCount() - 1));
}

void TimelinePanel::addNote()
{
    const QString text = m_note->text().trimmed();
    const qint64 id = m_incident.id;
    if (!id)
        return;
    if (text.isEmpty()) {
        emit failed(tr("Write the note first."));
        m_note->setFocus();
        return;
    }
    m_addButton->setEnabled(false);
    m_session->request(
        this, [id, text](Services& s) { return s.noteIncident(id, text); },
        [this, id](Result<qint64> r) {
            m_addButton->setEnabled(true);
            if (!r) {
                emit failed(tr("The note was not added: %1 It is kept in the field.").arg(r.error().message));
                return;
            }
            m_note->clear();
            emit recorded(id);
        });
}

} // namespace art32::ui
