#include "incidents/IncidentsView.h"

#include "incidents/DraftKeeper.h"
#include "incidents/EvidenceSection.h"
#include "incidents/Export.h"
#include "incidents/IncidentList.h"
#include "incidents/IncidentRecords.h"
#include "incidents/IncidentStore.h"
#include "incidents/Rules.h"
#include "report/PdfReport.h"
#include "session/Services.h"
#include "session/Session.h"
#include "widgets/Banner.h"
#include "widgets/Icons.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>

namespace art32::ui {

using namespace art32::incidents;

namespace {

enum Column { ColId, ColTitle, ColState, ColSeverity, ColClock, ColAssignee, ColCount };

/** The clock in words, with the level its icon shows (status is never colour alone). */
QPair<Level, QString> clockText(const Incident& i, const Clock& clock)
{
    const DeadlineState s = deadlineState(i, clock);
    const auto hm = [](qint64 seconds) {
        const qint64 minutes = seconds / 60;
        return IncidentsView::tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
    };
    if (i.state == State::Closed)
        return { Level::Ok, IncidentsView::tr("Closed") };
    switch (s.kind) {
    case DeadlineState::NotStarted:
        return { Level::Unknown, IncidentsView::tr("Clock not started") };
    case DeadlineState::Running:
        return { s.seconds < 12 * 3600 ? Level::Warning : Level::Ok,
                 IncidentsView::tr("Due in %1").arg(hm(s.seconds)) };
    case DeadlineState::Overdue:
        return { Level::Error, IncidentsView::tr("Overdue by %1").arg(hm(s.seconds)) };
    case DeadlineState::Met:
        return { Level::Ok, IncidentsView::tr("Notified in time") };
    case DeadlineState::MetLate:
        return { Level::Warning, IncidentsView::tr("Notified late") };
    case DeadlineState::NotRequired:
        return { Level::Ok, IncidentsView::tr("Not notified (decided)") };
    }
    return { Level::Unknown, QString() };
}

QString localWithZone(const QDateTime& t)
{
    return t.isValid() ? QLocale().toString(t.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm t")) : QString();
}

} // namespace

IncidentsView::IncidentsView(Session* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_banner(new Banner(this))
    , m_filter(new QLineEdit(this))
    , m_stateFilter(new QComboBox(this))
    , m_newTitle(new QLineEdit(this))
    , m_newButton(new QPushButton(tr("Open incident"), this))
    , m_table(new QTableWidget(0, ColCount, this))
    , m_form(new QWidget(this))
    , m_heading(new QLabel(this))
    , m_countdown(new QLabel(this))
    , m_hint(new QLabel(this))
    , m_enisa(new QLabel(this))
    , m_missing(new QLabel(this))
    , m_nextState(new QComboBox(this))
    , m_moveButton(new QPushButton(tr("Move to state"), this))
    , m_saveButton(new QPushButton(tr("Save incident"), this))
    , m_pdfButton(new QPushButton(tr("Export PDF…"), this))
    , m_jsonButton(new QPushButton(tr("Export JSON…"), this))
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("incidentsView"));
    m_canEdit = session->capabilities().canEditIncidents;
    m_filter->setObjectName(QStringLiteral("incidentFilter"));
    m_filter->setPlaceholderText(tr("Filter by title or assignee"));
    m_filter->setAccessibleName(tr("Filter incidents"));
    m_stateFilter->setAccessibleName(tr("Filter by state"));
    m_stateFilter->addItem(tr("All states"), QString());
    m_stateFilter->addItem(tr("Open (not closed)"), QStringLiteral("open"));
    for (int s = 0; s < 4; ++s)
        m_stateFilter->addItem(stateName(static_cast<State>(s)), stateKey(static_cast<State>(s)));
    m_newTitle->setObjectName(QStringLiteral("newIncidentTitle"));
    m_newTitle->setPlaceholderText(tr("Title of a new incident"));
    m_newTitle->setAccessibleName(tr("Title of a new incident"));
    m_newButton->setObjectName(QStringLiteral("openIncidentButton"));
    m_newTitle->setVisible(m_canEdit);
    m_newButton->setVisible(m_canEdit);

    m_table->setObjectName(QStringLiteral("incidentsTable"));
    m_table->setHorizontalHeaderLabels(
        { tr("ID"), tr("Title"), tr("State"), tr("Severity"), tr("72-hour clock"), tr("Assignee") });
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(ColTitle, QHeaderView::Stretch);
    m_table->setTabKeyNavigation(false);

    auto* top = new QHBoxLayout;
    top->addWidget(m_filter, 1);
    top->addWidget(m_stateFilter);
    m_filters = new IncidentFilters(this);
    top->addWidget(m_filters);
    top->addWidget(m_newTitle, 1);
    top->addWidget(m_newButton);

    auto* formLayout = new QVBoxLayout(m_form);
    m_heading->setObjectName(QStringLiteral("incidentHeading"));
    m_heading->setWordWrap(true);
    QFont big = m_heading->font();
    big.setBold(true);
    m_heading->setFont(big);
    m_countdown->setObjectName(QStringLiteral("incidentCountdown"));
    m_countdown->setWordWrap(true);
    m_hint->setObjectName(QStringLiteral("art34Hint"));
    m_hint->setWordWrap(true);
    m_enisa->setObjectName(QStringLiteral("enisaAdvice"));
    m_enisa->setWordWrap(true);
    m_missing->setObjectName(QStringLiteral("missingForClose"));
    m_missing->setWordWrap(true);
    formLayout->addWidget(m_heading);
    formLayout->addWidget(m_countdown);
    auto* actions = new QHBoxLayout;
    m_saveButton->setObjectName(QStringLiteral("saveIncidentButton"));
    m_saveButton->setShortcut(QKeySequence::Save);
    m_moveButton->setObjectName(QStringLiteral("moveStateButton"));
    m_nextState->setObjectName(QStringLiteral("nextStateCombo"));
    m_nextState->setAccessibleName(tr("Next state"));
    m_pdfButton->setObjectName(QStringLiteral("exportPdfButton"));
    m_jsonButton->setObjectName(QStringLiteral("exportJsonButton"));
    actions->addWidget(m_saveButton);
    actions->addWidget(m_nextState);
    actions->addWidget(m_moveButton);
    actions->addStretch(1);
    actions->addWidget(m_pdfButton);
    actions->addWidget(m_jsonButton);
    formLayout->addLayout(actions);
    formLayout->addWidget(m_missing);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    auto* sections = new QWidget(scroll);
    auto* sectionsLayout = new QVBoxLayout(sections);
    buildForm(sectionsLayout);
    m_evidence = new EvidenceSection(session, this, sections); // i14-evidence
    sectionsLayout->addWidget(m_evidence);
    sectionsLayout->addWidget(m_hint);
    sectionsLayout->addWidget(m_enisa);
    m_records = new IncidentRecords(session, sections);
    sectionsLayout->addWidget(m_records);
    connect(m_records, &IncidentRecords::recordsChanged, this, &IncidentsView::takeRecords);
    sectionsLayout->addStretch(1);
    scroll->setWidget(sections);
    formLayout->addWidget(scroll, 1);
    m_saveButton->setVisible(m_canEdit);
    m_moveButton->setVisible(m_canEdit);
    m_nextState->setVisible(m_canEdit);
    m_form->setEnabled(false);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(m_form);
    split->setStretchFactor(1, 3);

    setUpDrafts(); // i14-drafts

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(m_drafts->banner());
    layout->addLayout(top);
    layout->addWidget(split, 1);

    connect(m_filter, &QLineEdit::textChanged, this, &IncidentsView::applyFilter);
    connect(m_stateFilter, &QComboBox::currentIndexChanged, this, &IncidentsView::applyFilter);
    connect(m_filters, &IncidentFilters::changed, this, &IncidentsView::applyFilter);
    connect(m_newButton, &QPushButton::clicked, this, &IncidentsView::openNew);
    connect(m_newTitle, &QLineEdit::returnPressed, this, &IncidentsView::openNew);
    connect(m_saveButton, &QPushButton::clicked, this, &IncidentsView::save);
    connect(m_moveButton, &QPushButton::clicked, this, &IncidentsView::moveState);
    connect(m_pdfButton, &QPushButton::clicked, this, [this] { exportTo(true); });
    connect(m_jsonButton, &QPushButton::clicked, this, [this] { exportTo(false); });
    connect(m_banner, &Banner::actionTriggered, this, [this] {
        if (m_current.id)
            load(m_current.id);
        reload();
    });
    connect(m_table, &QTableWidget::itemSelectionChanged, this, [this] {
        const auto rows = m_table->selectionModel()->selectedRows(ColId);
        // The list coming back reselects the incident in the form: that must not load it over the user's input.
        if (!rows.isEmpty() && rows.first().data(Qt::UserRole).toLongLong() != m_current.id)
            load(rows.first().data(Qt::UserRole).toLongLong());
    });
    connect(m_timer, &QTimer::timeout, this, &IncidentsView::tick);
    m_timer->start(1000);
    reload();
}

void IncidentsView::buildForm(QVBoxLayout* layout)
{
    const Lang lang = uiLang();
    int chapter = -1;
    QFormLayout* form = nullptr;
    for (const FieldSpec& spec : fieldSpecs()) {
        if (spec.chapter != chapter) {
            chapter = spec.chapter;
            auto* box = new QGroupBox(chapterTitle(chapter, lang), this);
            box->setObjectName(QStringLiteral("chapter%1").arg(chapter));
            form = new QFormLayout(box);
            form->setRowWrapPolicy(QFormLayout::WrapLongRows);
            layout->addWidget(box);
        }
        FieldWidget f;
        f.spec = &spec;
        const QString key = QLatin1String(spec.key);
        switch (spec.kind) {
        case FieldSpec::Kind::LongText: {
            auto* e = new QPlainTextEdit(this);
            e->setTabChangesFocus(true);
            e->setMaximumHeight(e->fontMetrics().lineSpacing() * 5);
            connect(e, &QPlainTextEdit::textChanged, this, &IncidentsView::refreshDerived);
            f.editor = e;
            break;
        }
        case FieldSpec::Kind::Bool:
        case FieldSpec::Kind::Choice: {
            auto* c = new QComboBox(this);
            c->addItem(tr("(not answered)"), QVariant());
            if (spec.kind == FieldSpec::Kind::Bool) {
                c->addItem(tr("yes"), true);
                c->addItem(tr("no"), false);
            } else {
                for (const QString& v : spec.choices)
                    c->addItem(choiceLabel(v, lang), v);
            }
            connect(c, &QComboBox::currentIndexChanged, this, &IncidentsView::refreshDerived);
            f.editor = c;
            break;
        }
        case FieldSpec::Kind::Multi: {
            auto* l = new QListWidget(this);
            for (const QString& v : spec.choices) {
                auto* item = new QListWidgetItem(choiceLabel(v, lang), l);
                item->setData(Qt::UserRole, v);
                item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
                item->setCheckState(Qt::Unchecked);
            }
            l->setMaximumHeight(l->sizeHintForRow(0) * (int(spec.choices.size()) + 1));
            connect(l, &QListWidget::itemChanged, this, &IncidentsView::refreshDerived);
            f.editor = l;
            break;
        }
        default: {
            auto* e = new QLineEdit(this);
            if (spec.kind == FieldSpec::Kind::Time)
                e->setPlaceholderText(tr("e.g. %1").arg(QDateTime::currentDateTime().toString(Qt::ISODate)));
            connect(e, &QLineEdit::textChanged, this, &IncidentsView::refreshDerived);
            f.editor = e;
            break;
        }
        }
        f.editor->setObjectName(key);
        const QString label = fieldLabel(key, lang);
        f.editor->setAccessibleName(label);
        f.error = new QLabel(this);
        f.error->setObjectName(key + QStringLiteral("_error"));
        f.error->setWordWrap(true);
        f.error->hide();
        auto* cell = new QWidget(this);
        auto* v = new QVBoxLayout(cell);
        v->setContentsMargins(0, 0, 0, 0);
        v->addWidget(f.editor);
        v->addWidget(f.error);
        auto* l = new QLabel(label, this);
        l->setWordWrap(true);
        l->setBuddy(f.editor);
        form->addRow(l, cell);
        m_fields.append(f);
    }
}

void IncidentsView::reload()
{
    m_session->request(
        this, [](Services& s) { return s.incidentList(); },
        [this](Result<QList<Incident>> r) {
            if (!r) {
                m_banner->showMessage(Level::Error, r.error().message, tr("Retry"));
                return;
            }
            showList(r.value());
        });
}

void IncidentsView::showList(const QList<Incident>& list)
{
    const qint64 selected = m_current.id;
    m_listed = list;
    QStringList assignees;
    for (const Incident& i : list)
        assignees << i.assignee;
    m_filters->setAssignees(assignees);
    m_table->setSortingEnabled(false);
    m_table->setRowCount(0);
    for (const Incident& i : list) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        auto* id = new QTableWidgetItem;
        id->setData(Qt::DisplayRole, i.id);
        id->setData(Qt::UserRole, i.id);
        m_table->setItem(row, ColId, id);
        m_table->setItem(row, ColTitle, new QTableWidgetItem(i.title));
        auto* state = new IncidentSortItem(stateName(i.state));
        state->setData(Qt::UserRole, stateKey(i.state));
        state->setData(kIncidentSortRole, static_cast<int>(i.state));
        m_table->setItem(row, ColState, state);
        const QString sev = i.text(QStringLiteral("q9_severity"));
        auto* severity = new IncidentSortItem(sev.isEmpty() ? QString() : choiceLabel(sev, uiLang()));
        severity->setData(kIncidentSortRole, severityRank(sev));
        m_table->setItem(row, ColSeverity, severity);
        const auto [level, word] = clockText(i, Clock::system());
        auto* clock = new IncidentSortItem(levelIcon(level), word);
        // Sorts by time left: the most overdue first, finished clocks last.
        clock->setData(kIncidentSortRole, clockUrgency(i, Clock::system()));
        clock->setToolTip(QStringLiteral("%1 — %2").arg(levelWord(level), word));
        m_table->setItem(row, ColClock, clock);
        m_table->setItem(row, ColAssignee, new QTableWidgetItem(i.assignee));
        if (i.id == selected)
            m_table->selectRow(row);
    }
    m_table->setSortingEnabled(true);
    m_table->resizeColumnsToContents();
    applyFilter();
}

void IncidentsView::applyFilter()
{
    const QString text = m_filter->text().trimmed();
    const QString state = m_stateFilter->currentData().toString();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString rowState = m_table->item(row, ColState)->data(Qt::UserRole).toString();
        const bool stateOk = state.isEmpty()
            || (state == QLatin1String("open") ? rowState != QLatin1String("closed") : rowState == state);
        const bool textOk = text.isEmpty() || m_table->item(row, ColTitle)->text().contains(text, Qt::CaseInsensitive)
            || m_table->item(row, ColAssignee)->text().contains(text, Qt::CaseInsensitive);
        const qint64 id = m_table->item(row, ColId)->data(Qt::UserRole).toLongLong();
        const auto listed
            = std::find_if(m_listed.cbegin(), m_listed.cend(), [id](const Incident& i) { return i.id == id; });
        const bool othersOk = listed == m_listed.cend() || m_filters->accepts(*listed, Clock::system());
        m_table->setRowHidden(row, !(stateOk && textOk && othersOk));
    }
}

void IncidentsView::load(qint64 id)
{
    m_session->request(
        this, [id](Services& s) { return s.incident(id); },
        [this](Result<Incident> r) {
            if (!r) {
                m_banner->showMessage(Level::Error, r.error().message, tr("Retry"));
                return;
            }
            fill(r.value());
        });
}

void IncidentsView::fill(const Incident& incident)
{
    m_drafts->flush(); // the input over the incident shown until now, before the form forgets it
    m_current = incident;
    for (const FieldWidget& f : std::as_const(m_fields)) {
        const QSignalBlocker block(f.editor);
        setValue(f, incident.fields.value(QLatin1String(f.spec->key)));
        f.error->hide();
    }
    m_heading->setText(tr("Incident %1: %2 (%3)").arg(incident.id).arg(incident.title, stateName(incident.state)));
    m_nextState->clear();
    for (int s = static_cast<int>(incident.state) + 1; s < 4; ++s)
        m_nextState->addItem(stateName(static_cast<State>(s)), s);
    const bool editable = m_canEdit && incident.state != State::Closed;
    m_saveButton->setEnabled(editable);
    m_moveButton->setEnabled(editable && m_nextState->count() > 0);
    m_nextState->setEnabled(editable);
    for (const FieldWidget& f : std::as_const(m_fields))
        f.editor->setEnabled(editable);
    m_form->setEnabled(true);
    m_records->setIncident(incident, m_canEdit);
    m_evidence->setIncident(incident, editable); // i14-evidence
    refreshDerived();
    m_drafts->filled(incident.id);
}

QJsonValue IncidentsView::valueOf(const FieldWidget& f) const
{
    switch (f.spec->kind) {
    case FieldSpec::Kind::LongText: {
        const QString t = static_cast<QPlainTextEdit*>(f.editor)->toPlainText();
        return t.trimmed().isEmpty() ? QJsonValue() : QJsonValue(t);
    }
    case FieldSpec::Kind::Bool:
    case FieldSpec::Kind::Choice: {
        const QVariant v = static_cast<QComboBox*>(f.editor)->currentData();
        if (!v.isValid())
            return QJsonValue();
        return v.typeId() == QMetaType::Bool ? QJsonValue(v.toBool()) : QJsonValue(v.toString());
    }
    case FieldSpec::Kind::Multi: {
        QJsonArray a;
        auto* l = static_cast<QListWidget*>(f.editor);
        for (int k = 0; k < l->count(); ++k)
            if (l->item(k)->checkState() == Qt::Checked)
                a.append(l->item(k)->data(Qt::UserRole).toString());
        return a.isEmpty() ? QJsonValue() : QJsonValue(a);
    }
    case FieldSpec::Kind::Time: {
        const QString t = static_cast<QLineEdit*>(f.editor)->text().trimmed();
        if (t.isEmpty())
            return QJsonValue();
        const QDateTime d = parseIso(t);
        return d.isValid() ? QJsonValue(isoUtc(d)) : QJsonValue(t); // an invalid text stays for the message
    }
    case FieldSpec::Kind::Count: {
        const QString t = static_cast<QLineEdit*>(f.editor)->text().trimmed();
        bool ok = false;
        const qint64 n = t.toLongLong(&ok);
        return t.isEmpty() ? QJsonValue() : ok ? QJsonValue(n) : QJsonValue(t);
    }
    case FieldSpec::Kind::Decimal: {
        QString t = static_cast<QLineEdit*>(f.editor)->text().trimmed();
        t.replace(QLatin1Char(','), QLatin1Char('.'));
        bool ok = false;
        const double n = t.toDouble(&ok);
        return t.isEmpty() ? QJsonValue() : ok ? QJsonValue(n) : QJsonValue(t);
    }
    case FieldSpec::Kind::Text: {
        const QString t = static_cast<QLineEdit*>(f.editor)->text();
        return t.trimmed().isEmpty() ? QJsonValue() : QJsonValue(t);
    }
    }
    return QJsonValue();
}

void IncidentsView::setValue(const FieldWidget& f, const QJsonValue& v)
{
    switch (f.spec->kind) {
    case FieldSpec::Kind::LongText:
        static_cast<QPlainTextEdit*>(f.editor)->setPlainText(v.toString());
        break;
    case FieldSpec::Kind::Bool:
    case FieldSpec::Kind::Choice: {
        auto* c = static_cast<QComboBox*>(f.editor);
        int index = 0;
        for (int k = 1; k < c->count(); ++k)
            if ((v.isBool() && c->itemData(k).toBool() == v.toBool() && c->itemData(k).typeId() == QMetaType::Bool)
                || (v.isString() && c->itemData(k).toString() == v.toString()))
                index = k;
        c->setCurrentIndex(index);
        break;
    }
    case FieldSpec::Kind::Multi: {
        auto* l = static_cast<QListWidget*>(f.editor);
        QStringList on;
        for (const auto& e : v.toArray())
            on << e.toString();
        for (int k = 0; k < l->count(); ++k)
            l->item(k)->setCheckState(on.contains(l->item(k)->data(Qt::UserRole).toString()) ? Qt::Checked
                                                                                             : Qt::Unchecked);
        break;
    }
    case FieldSpec::Kind::Time: {
        const QDateTime t = v.isString() ? parseIso(v.toString()) : QDateTime();
        static_cast<QLineEdit*>(f.editor)->setText(t.isValid() ? t.toLocalTime().toString(Qt::ISODate) : QString());
        break;
    }
    case FieldSpec::Kind::Count:
        static_cast<QLineEdit*>(f.editor)->setText(v.isDouble() ? QString::number(v.toInteger()) : QString());
        break;
    case FieldSpec::Kind::Decimal:
        static_cast<QLineEdit*>(f.editor)->setText(v.isDouble() ? QString::number(v.toDouble()) : QString());
        break;
    case FieldSpec::Kind::Text:
        static_cast<QLineEdit*>(f.editor)->setText(v.toString());
        break;
    }
}

QJsonValue IncidentsView::fieldValue(const QString& key) const
{
    for (const FieldWidget& f : m_fields)
        if (QLatin1String(f.spec->key) == key)
            return valueOf(f);
    return QJsonValue();
}

void IncidentsView::setFieldValue(const QString& key, const QJsonValue& value)
{
    for (const FieldWidget& f : std::as_const(m_fields))
        if (QLatin1String(f.spec->key) == key)
            setValue(f, value); // the editor's change signal refreshes the derived texts
}

Incident IncidentsView::formIncident() const
{
    Incident i = m_current;
    for (const FieldWidget& f : m_fields) {
        const QString key = QLatin1String(f.spec->key);
        const QJsonValue v = valueOf(f);
        if (v.isNull())
            i.fields.remove(key);
        else
            i.fields.insert(key, v);
    }
    return i;
}

QJsonObject IncidentsView::changedFields(bool* valid) const
{
    QJsonObject changed;
    *valid = true;
    for (const FieldWidget& f : m_fields) {
        const QString key = QLatin1String(f.spec->key);
        const QJsonValue v = valueOf(f);
        QJsonValue old = m_current.fields.value(key);
        if (old.isUndefined())
            old = QJsonValue();
        if (!f.error->isHidden())
            *valid = false;
        if (v != old)
            changed.insert(key, v);
    }
    return changed;
}

void IncidentsView::refreshDerived()
{
    // Inline validation: each field says what is wrong with it.
    for (const FieldWidget& f : std::as_const(m_fields)) {
        const QJsonValue v = valueOf(f);
        QString problem;
        if (f.spec->kind == FieldSpec::Kind::Time && v.isString() && !parseIso(v.toString()).isValid())
            problem = tr("Not a time: write it as 2026-12-02T09:30 (local time) or with a zone.");
        else if (f.spec->kind == FieldSpec::Kind::Count && v.isString())
            problem = tr("Write a whole number.");
        else if (f.spec->kind == FieldSpec::Kind::Count && v.isDouble() && v.toDouble() < 0)
            problem = tr("The number cannot be negative.");
        else if (f.spec->kind == FieldSpec::Kind::Decimal && v.isString())
            problem = tr("Write a number such as 0.25.");
        f.error->setText(problem);
        f.error->setVisible(!problem.isEmpty());
    }
    const Incident i = formIncident();
    if (m_evidence)
        m_evidence->formChanged(i); // i14-evidence
    for (const char* pair : { "q6_records", "q7_people" }) {
        const QString base = QLatin1String(pair);
        const auto lo = i.count(base + QStringLiteral("_min"));
        const auto hi = i.count(base + QStringLiteral("_max"));
        for (const FieldWidget& f : std::as_const(m_fields))
            if (QLatin1String(f.spec->key) == base + QStringLiteral("_max") && lo && hi && *hi < *lo) {
                f.error->setText(tr("At most cannot be less than at least."));
                f.error->show();
            }
    }
    m_hint->setText(art34aMayApply(i)
                        ? tr("Hint: the data were unintelligible and the key was not compromised, so Art. 34(3)(a) "
                             "may exempt you from informing the people affected. Record it as the decision's ground.")
                        : QString());
    m_hint->setVisible(art34aMayApply(i));
    if (m_records)
        m_records->setFormIncident(i);
    if (const auto e = enisaOf(i); e && e->valid())
        m_enisa->setText(tr("ENISA (2013) advises: SE = %1 × %2 + %3 = %4, severity %5. You decide question 9.")
                             .arg(e->dpc())
                             .arg(e->ei)
                             .arg(e->cb())
                             .arg(e->score())
                             .arg(choiceLabel(severityKey(e->level()), uiLang())));
    else
        m_enisa->setText(tr("ENISA helper: fill in the context score (1–4) and the ease of identification (0.25, 0.5, "
                            "0.75 or 1) for advice on the severity."));
    const QStringList missing = missingForClose(i, Clock::system());
    QStringList labels;
    for (const QString& k : missing)
        labels << fieldLabel(k, uiLang());
    m_missing->setText(missing.isEmpty() || i.state == State::Closed
                           ? QString()
                           : tr("Before closing: %1.").arg(labels.join(QStringLiteral("; "))));
    tick();
}

void IncidentsView::tick()
{
    if (!m_current.id) {
        m_countdown->setText(m_canEdit ? tr("No incident selected. Select one above, or open a new one.")
                                       : tr("No incident selected. Select one above."));
        return;
    }
    const Incident i = formIncident();
    const DeadlineState s = deadlineState(i, Clock::system());
    const auto [level, word] = clockText(i, Clock::system());
    const QString deadline = s.deadline.isValid()
        ? tr("Deadline %1 (72 hours after awareness): %2").arg(localWithZone(s.deadline), word)
        : word;
    m_countdown->setText(QStringLiteral("%1 — %2").arg(levelWord(level), deadline));
}

void IncidentsView::save()
{
    bool valid = true;
    const QJsonObject changed = changedFields(&valid);
    if (!valid) {
        m_banner->showMessage(Level::Warning,
                              tr("Some fields are not valid yet; they say what is wrong. Nothing was "
                                 "saved."));
        return;
    }
    if (changed.isEmpty())
        return;
    const qint64 id = m_current.id;
    const int version = m_current.version;
    m_saveButton->setEnabled(false);
    m_session->request(
        this, [id, version, changed](Services& s) { return s.saveIncident(id, version, changed); },
        [this, id](Result<int> r) {
            m_saveButton->setEnabled(m_canEdit);
            // Whatever happened, the input stays in the form (and in its draft): only a successful save reloads it.
            if (!r || r.value() == 0)
                m_drafts->flush();
            if (!r) {
                m_banner->showMessage(Level::Error, tr("Not saved: %1 Your input is kept.").arg(r.error().message),
                                      tr("Retry"));
                return;
            }
            if (r.value() == 0) {
                m_banner->showMessage(Level::Warning,
                                      tr("Someone else saved incident %1 meanwhile. Your input is kept; reload to "
                                         "see theirs (your changes will then be lost unless you copy them).")
                                          .arg(id),
                                      tr("Reload"));
                return;
            }
            m_drafts->saved(id);
            m_current.version = r.value();
            emit saved(id, r.value());
            load(id);
            reload();
        });
}

void IncidentsView::moveState()
{
    if (m_nextState->currentIndex() < 0)
        return;
    const auto to = static_cast<State>(m_nextState->currentData().toInt());
    const qint64 id = m_current.id;
    const int version = m_current.version;
    m_session->request(
        this, [id, version, to](Services& s) { return s.setIncidentState(id, version, to); },
        [this, id](Result<int> r) {
            if (!r) {
                m_banner->showMessage(Level::Error, r.error().message);
                return;
            }
            if (r.value() == 0) {
                m_banner->showMessage(Level::Warning, tr("Someone else changed incident %1 meanwhile.").arg(id),
                                      tr("Reload"));
                return;
            }
            load(id);
            reload();
        });
}

void IncidentsView::exportTo(bool pdf)
{
    if (!m_current.id)
        return;
    const QString suggested
        = QStringLiteral("incident-%1.%2").arg(m_current.id).arg(pdf ? QStringLiteral("pdf") : QStringLiteral("json"));
    const QString path
        = QFileDialog::getSaveFileName(this, pdf ? tr("Export incident as PDF") : tr("Export incident as JSON"),
                                       suggested, pdf ? tr("PDF (*.pdf)") : tr("JSON (*.json)"));
    if (path.isEmpty())
        return;
    const Result<void> written = exportFile(pdf, path);
    if (!written)
        m_banner->showMessage(Level::Error, written.error().message);
    else
        m_banner->showMessage(Level::Ok, tr("Exported to %1.").arg(path));
}

Result<void> IncidentsView::exportFile(bool pdf, const QString& path) const
{
    const Lang lang = uiLang();
    if (pdf)
        return report::writePdf(reportHtml(m_current, lang, Clock::system()), tr("Incident %1").arg(m_current.id),
                                path);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error { QStringLiteral("export.write"), tr("Could not write %1: %2").arg(path, file.errorString()) };
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(exportJson(m_current, lang, Clock::system()));
    if (!file.commit())
        return Error { QStringLiteral("export.write"), tr("Could not write %1: %2").arg(path, file.errorString()) };
    return {};
}

void IncidentsView::openNew()
{
    const QString title = m_newTitle->text().trimmed();
    if (title.isEmpty()) {
        m_banner->showMessage(Level::Warning, tr("Give the new incident a title first."));
        m_newTitle->setFocus();
        return;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_session->request(
        this, [title, now](Services& s) { return s.openIncident(title, now, now); },
        [this](Result<qint64> r) {
            if (!r) {
                m_banner->showMessage(Level::Error, r.error().message);
                return;
            }
            m_drafts->saved(0);
            m_newTitle->clear();
            m_current.id = r.value();
            load(r.value());
            reload();
        });
}

// Drafts (i14-drafts): the form's unsaved input, autosaved and offered back by DraftKeeper.

void IncidentsView::setUpDrafts()
{
    m_drafts = new DraftKeeper(
        m_session,
        { [this] { return m_current.id; }, [this] { return m_current.version; },
          [this] {
              bool valid = true;
              if (m_current.id)
                  return changedFields(&valid);
              const QString title = m_newTitle->text().trimmed();
              return title.isEmpty() ? QJsonObject() : QJsonObject { { QStringLiteral("title"), title } };
          },
          [this](qint64 id, const QJsonObject& fields) { applyDraft(id, fields); },
          [this](qint64 id) {
              // Selected in the list when it is there (which loads it), else loaded directly.
              for (int row = 0; row < m_table->rowCount(); ++row)
                  if (m_table->item(row, ColId)->data(Qt::UserRole).toLongLong() == id) {
                      const bool selected = m_table->selectionModel()->isRowSelected(row, QModelIndex());
                      m_table->selectRow(row);
                      if (selected) // no selection change, so no load from it
                          load(id);
                      return;
                  }
              load(id);
          } },
        m_canEdit, this);
}

IncidentsView::~IncidentsView()
{
    m_drafts->flush(); // closing with unsaved input (a lock deletes the window): it is there next time
}

void IncidentsView::applyDraft(qint64 id, const QJsonObject& fields)
{
    if (id == 0) {
        m_newTitle->setText(fields.value(QStringLiteral("title")).toString());
        return;
    }
    // The restored incident is the list's selection too (selecting the incident in the form loads nothing).
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (m_table->item(row, ColId)->data(Qt::UserRole).toLongLong() == id)
            m_table->selectRow(row);
    for (const FieldWidget& f : std::as_const(m_fields)) {
        const QString key = QLatin1String(f.spec->key);
        if (!fields.contains(key))
            continue;
        const QJsonValue v = fields.value(key);
        const QSignalBlocker block(f.editor);
        const bool typed = f.spec->kind == FieldSpec::Kind::Time || f.spec->kind == FieldSpec::Kind::Count
            || f.spec->kind == FieldSpec::Kind::Decimal;
        if (typed && v.isString())
            static_cast<QLineEdit*>(f.editor)->setText(v.toString()); // as typed, not valid yet: its message shows
        else
            setValue(f, v);
    }
    refreshDerived();
}

void IncidentsView::takeRecords(const Incident& fresh)
{
    // A decision, report or note was recorded: take the records, keep the user's unsaved input in the form.
    if (fresh.id != m_current.id)
        return;
    m_current.decisions = fresh.decisions;
    m_current.reports = fresh.reports;
    m_current.timeline = fresh.timeline;
    const QString key = QStringLiteral("report_number");
    QJsonValue before = m_current.fields.value(key);
    if (before.isUndefined())
        before = QJsonValue();
    for (const FieldWidget& f : std::as_const(m_fields))
        if (QLatin1String(f.spec->key) == key && valueOf(f) == before) {
            const QSignalBlocker block(f.editor);
            setValue(f, fresh.fields.value(key));
        }
    if (fresh.fields.contains(key))
        m_current.fields.insert(key, fresh.fields.value(key));
    m_current.reportNumber = fresh.reportNumber;
    refreshDerived();
    reload();
}

} // namespace art32::ui
