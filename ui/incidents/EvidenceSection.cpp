#include "incidents/EvidenceSection.h"

#include "backup/Catalogue.h"
#include "core/TimeFormat.h"
#include "incidents/AccountPicker.h"
#include "incidents/IncidentsView.h"
#include "session/Services.h"
#include "session/Session.h"
#include "widgets/Banner.h"
#include "widgets/Icons.h"

#include <QApplication>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <limits>

namespace art32::ui {

using namespace art32::incidents;

namespace {

const QStringList kCountKeys { QStringLiteral("q6_records_min"), QStringLiteral("q6_records_max"),
                               QStringLiteral("q7_people_min"), QStringLiteral("q7_people_max") };

QTableWidget* table(QWidget* parent, const char* name, const QStringList& headers)
{
    auto* t = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    t->setObjectName(QLatin1String(name));
    t->setHorizontalHeaderLabels(headers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setStretchLastSection(true);
    t->setTabKeyNavigation(false);
    t->setMaximumHeight(t->fontMetrics().height() * 14);
    return t;
}

QString localIso(const QDateTime& t)
{
    return t.isValid() ? t.toLocalTime().toString(Qt::ISODate) : QString();
}

} // namespace

EvidenceSection::EvidenceSection(Session* session, IncidentsView* form, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_form(form)
    , m_banner(new Banner(this))
    , m_linkedTable(table(this, "linkedAccountsTable", { tr("Account"), tr("Company"), tr("Status") }))
    , m_addButton(new QPushButton(tr("Add accounts…"), this))
    , m_removeButton(new QPushButton(tr("Remove"), this))
    , m_linkedStatus(new QLabel(this))
    , m_from(new QLineEdit(this))
    , m_to(new QLineEdit(this))
    , m_collectButton(new QPushButton(tr("Collect evidence"), this))
    , m_cancelButton(new QPushButton(tr("Cancel"), this))
    , m_progress(new QProgressBar(this))
    , m_evidenceTable(
          table(this, "evidenceTable", { tr("Account"), tr("Who"), tr("What"), tr("Events"), tr("First"), tr("Last") }))
    , m_summary(new QLabel(this))
    , m_checkpoint(new QLabel(this))
    , m_linkButton(new QPushButton(tr("Link these accounts"), this))
    , m_restoreBox(new QGroupBox(tr("Restore from backup (availability breach)"), this))
    , m_restoreLabel(new QLabel(this))
    , m_restoreButton(new QPushButton(tr("Put into the report"), this))
{
    setObjectName(QStringLiteral("evidenceSection"));
    m_addButton->setObjectName(QStringLiteral("addAccountsButton"));
    m_removeButton->setObjectName(QStringLiteral("removeAccountButton"));
    m_linkedStatus->setObjectName(QStringLiteral("linkedAccountsStatus"));
    m_from->setObjectName(QStringLiteral("evidenceFrom"));
    m_to->setObjectName(QStringLiteral("evidenceTo"));
    m_collectButton->setObjectName(QStringLiteral("collectEvidenceButton"));
    m_cancelButton->setObjectName(QStringLiteral("cancelEvidenceButton"));
    m_progress->setObjectName(QStringLiteral("evidenceProgressBar"));
    m_summary->setObjectName(QStringLiteral("evidenceSummary"));
    m_checkpoint->setObjectName(QStringLiteral("evidenceCheckpoint"));
    m_linkButton->setObjectName(QStringLiteral("linkEvidenceButton"));
    m_restoreBox->setObjectName(QStringLiteral("restoreOffer"));
    m_restoreLabel->setObjectName(QStringLiteral("restoreOfferLabel"));
    m_restoreButton->setObjectName(QStringLiteral("useRestoreButton"));
    m_linkedTable->setAccessibleName(tr("Affected accounts"));
    m_evidenceTable->setAccessibleName(tr("Evidence from the audit log"));
    m_from->setAccessibleName(tr("Evidence from"));
    m_to->setAccessibleName(tr("Evidence until"));
    m_progress->setAccessibleName(tr("Collecting evidence"));
    for (QLabel* l : { m_linkedStatus, m_summary, m_checkpoint, m_restoreLabel })
        l->setWordWrap(true);
    m_progress->hide();
    m_cancelButton->hide();
    m_linkButton->setToolTip(tr("Links the accounts listed above to this incident and fills in questions 6 and 7 "
                                "from their records."));

    auto* accountsBox = new QGroupBox(tr("Affected accounts"), this);
    auto* accountsLayout = new QVBoxLayout(accountsBox);
    accountsLayout->addWidget(m_linkedTable);
    auto* accountButtons = new QHBoxLayout;
    accountButtons->addWidget(m_linkedStatus, 1);
    accountButtons->addWidget(m_addButton);
    accountButtons->addWidget(m_removeButton);
    accountsLayout->addLayout(accountButtons);

    auto* evidenceBox = new QGroupBox(tr("Evidence from the audit log"), this);
    auto* evidenceLayout = new QVBoxLayout(evidenceBox);
    auto* intro = new QLabel(tr("Who read, changed, erased or exported which accounts in the incident's window. "
                                "Widen the window if the breach may have started earlier."),
                             this);
    intro->setWordWrap(true);
    evidenceLayout->addWidget(intro);
    auto* windowRow = new QHBoxLayout;
    auto* fromLabel = new QLabel(tr("From"), this);
    fromLabel->setBuddy(m_from);
    auto* toLabel = new QLabel(tr("until"), this);
    toLabel->setBuddy(m_to);
    windowRow->addWidget(fromLabel);
    windowRow->addWidget(m_from, 1);
    windowRow->addWidget(toLabel);
    windowRow->addWidget(m_to, 1);
    windowRow->addWidget(m_collectButton);
    windowRow->addWidget(m_progress);
    windowRow->addWidget(m_cancelButton);
    evidenceLayout->addLayout(windowRow);
    evidenceLayout->addWidget(m_evidenceTable);
    evidenceLayout->addWidget(m_summary);
    evidenceLayout->addWidget(m_checkpoint);
    auto* linkRow = new QHBoxLayout;
    linkRow->addStretch(1);
    linkRow->addWidget(m_linkButton);
    evidenceLayout->addLayout(linkRow);

    auto* restoreLayout = new QVBoxLayout(m_restoreBox);
    restoreLayout->addWidget(m_restoreLabel);
    auto* restoreRow = new QHBoxLayout;
    restoreRow->addStretch(1);
    restoreRow->addWidget(m_restoreButton);
    restoreLayout->addLayout(restoreRow);
    m_restoreBox->hide();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_banner);
    layout->addWidget(accountsBox);
    layout->addWidget(evidenceBox);
    layout->addWidget(m_restoreBox);

    m_confirm = [this](const QString& question) {
        return QMessageBox::question(this, tr("Replace the numbers?"), question, QMessageBox::Yes | QMessageBox::No,
                                     QMessageBox::No)
            == QMessageBox::Yes;
    };
    connect(m_addButton, &QPushButton::clicked, this, &EvidenceSection::addAccounts);
    connect(m_removeButton, &QPushButton::clicked, this, &EvidenceSection::removeSelected);
    connect(m_collectButton, &QPushButton::clicked, this, &EvidenceSection::collect);
    connect(m_cancelButton, &QPushButton::clicked, this, [this] {
        if (m_cancel)
            m_cancel->store(true);
    });
    connect(m_linkButton, &QPushButton::clicked, this, &EvidenceSection::linkEvidence);
    connect(m_restoreButton, &QPushButton::clicked, this, &EvidenceSection::useRestore);
    connect(m_linkedTable, &QTableWidget::itemSelectionChanged, this, &EvidenceSection::updateButtons);
    for (QLineEdit* e : { m_from, m_to }) {
        connect(e, &QLineEdit::textEdited, this, [this] {
            m_windowEdited = true;
            if (m_availability)
                showOffer();
        });
        connect(e, &QLineEdit::returnPressed, this, &EvidenceSection::collect);
    }
    updateButtons();
}

EvidenceWindow EvidenceSection::window() const
{
    return { parseIso(m_from->text().trimmed()).toUTC(), parseIso(m_to->text().trimmed()).toUTC() };
}

void EvidenceSection::setIncident(const Incident& incident, bool editable)
{
    const bool other = incident.id != m_id;
    m_id = incident.id;
    m_editable = editable && m_session->capabilities().canEditIncidents;
    if (other) {
        m_evidence.reset();
        m_prefilled = QJsonObject();
        m_windowEdited = false;
        m_offerLoaded = false;
        m_backups.reset();
        m_evidenceTable->setRowCount(0);
        m_summary->setText(tr("Collect evidence to see who read or changed accounts in this window."));
        m_checkpoint->clear();
        m_banner->hide();
    }
    formChanged(incident);
    updateButtons();
    refreshLinked({}, std::nullopt);
}

void EvidenceSection::formChanged(const Incident& form)
{
    if (!m_windowEdited) {
        const EvidenceWindow w = windowOf(form, QDateTime::currentDateTimeUtc());
        m_from->setText(localIso(w.from));
        m_to->setText(localIso(w.to));
    }
    const bool availability = isAvailabilityBreach(form);
    if (availability != m_availability || (availability && !m_offerLoaded)) {
        m_availability = availability;
        m_restoreBox->setVisible(availability);
        if (availability)
            loadOffer();
    } else if (availability) {
        showOffer();
    }
}

void EvidenceSection::setBusy(bool busy)
{
    m_busy = busy;
    m_progress->setVisible(busy);
    m_cancelButton->setVisible(busy);
    if (busy)
        m_progress->setRange(0, 0);
    updateButtons();
}

void EvidenceSection::updateButtons()
{
    const bool may = m_editable && m_id > 0 && !m_busy;
    m_addButton->setEnabled(may);
    m_removeButton->setEnabled(may && !m_linkedTable->selectionModel()->selectedRows().isEmpty());
    m_linkButton->setEnabled(may && m_evidence && !m_evidence->accounts().isEmpty());
    m_collectButton->setEnabled(m_id > 0 && !m_busy);
    m_restoreButton->setEnabled(may && m_offer.has_value());
    // Auditors read the evidence; the buttons that write say why they are off.
    const QString why = m_session->capabilities().canEditIncidents ? QString() : tr("Auditors read incidents only.");
    for (QPushButton* b : { m_addButton, m_removeButton, m_linkButton, m_restoreButton })
        if (!why.isEmpty())
            b->setToolTip(why);
}

void EvidenceSection::collect()
{
    if (!m_id || m_busy)
        return;
    const EvidenceWindow w = window();
    if (!w.valid()) {
        m_banner->showMessage(Level::Warning,
                              tr("Write both ends of the window as times, such as 2026-12-02T09:30, the end after "
                                 "the start."));
        return;
    }
    m_banner->hide();
    m_cancel = m_session->cancelToken();
    auto cancel = m_cancel;
    setBusy(true);
    m_summary->setText(tr("Reading the audit log…"));
    QPointer<EvidenceSection> self(this);
    m_session->request(
        this,
        [w, cancel, self](Services& s) {
            return s.incidentEvidence(
                w,
                [self](qint64 done, qint64 total) {
                    QMetaObject::invokeMethod(qApp, [self, done, total] {
                        if (!self)
                            return;
                        self->m_progress->setRange(0, 1000);
                        self->m_progress->setValue(total > 0 ? static_cast<int>(done * 1000 / total) : 0);
                    });
                },
                cancel.get());
        },
        [this](Result<Evidence> ev) {
            setBusy(false);
            if (!ev) {
                m_summary->clear();
                m_banner->showMessage(Level::Error, ev.error().message, tr("Retry"));
                return;
            }
            if (ev->cancelled) {
                m_summary->setText(tr("Cancelled: nothing is listed."));
                return;
            }
            m_evidence = std::move(ev).value();
            showEvidence();
            updateButtons();
            emit evidenceReady();
        });
}

void EvidenceSection::showEvidence()
{
    const Evidence& ev = *m_evidence;
    m_evidenceTable->setSortingEnabled(false);
    m_evidenceTable->setRowCount(0);
    for (const EvidenceRow& r : ev.rows) {
        const int row = m_evidenceTable->rowCount();
        m_evidenceTable->insertRow(row);
        QString account;
        if (r.account)
            account = QString::number(*r.account);
        else if (r.rangeFirst == std::numeric_limits<qint64>::min()
                 || r.rangeLast == std::numeric_limits<qint64>::max())
            account = tr("all accounts");
        else
            account = tr("accounts %1–%2").arg(r.rangeFirst).arg(r.rangeLast);
        auto* a = new QTableWidgetItem(account);
        a->setData(Qt::UserRole, r.account ? QVariant(*r.account) : QVariant());
        m_evidenceTable->setItem(row, 0, a);
        m_evidenceTable->setItem(row, 1, new QTableWidgetItem(r.actor));
        m_evidenceTable->setItem(row, 2, new QTableWidgetItem(evidenceKindName(r.kind)));
        auto* n = new QTableWidgetItem;
        n->setData(Qt::DisplayRole, r.count);
        m_evidenceTable->setItem(row, 3, n);
        m_evidenceTable->setItem(row, 4, new QTableWidgetItem(timefmt::absolute(r.first)));
        m_evidenceTable->setItem(row, 5, new QTableWidgetItem(timefmt::absolute(r.last)));
    }
    m_evidenceTable->setSortingEnabled(true);
    m_evidenceTable->resizeColumnsToContents();
    const int accounts = static_cast<int>(ev.accounts().size());
    QString summary = ev.rows.isEmpty()
        ? tr("Nobody read, changed, erased or exported an account in this window (%n event(s) in it).", nullptr,
             static_cast<int>(ev.eventsScanned))
        : tr("%n account(s) read, changed, erased or exported in this window", nullptr, accounts) + QStringLiteral(" ")
            + tr("(%n event(s) of the audit log).", nullptr, static_cast<int>(ev.eventsListed));
    if (ev.truncated)
        summary += QStringLiteral(" ") + tr("Only the first %1 rows are listed.").arg(kMaxEvidenceRows);
    m_summary->setText(summary);
    QString cp;
    if (ev.checkpoint) {
        cp = tr("Covered by the signed checkpoint of event %1 (%2, signed by %3).")
                 .arg(ev.checkpoint->seq)
                 .arg(timefmt::absolute(ev.checkpoint->at), ev.checkpoint->signer);
        cp += QStringLiteral(" ")
            + (ev.verifiedUpToCheckpoint
                   ? tr("The chain was verified intact up to it (%1, by %2).")
                         .arg(timefmt::absolute(ev.lastVerify->at), ev.lastVerify->by)
                   : tr("The chain has not been verified up to it yet: run Verify chain in the Audit log."));
    } else {
        cp = tr("No signed checkpoint covers this window yet: a CTO signs one after its last event (%1) with "
                "\"art32ctl audit checkpoint\". Until then the evidence rests on the chain alone.")
                 .arg(ev.lastEvent);
        if (ev.verifiedUpToCheckpoint)
            cp += QStringLiteral(" ")
                + tr("The chain was verified intact past the window (%1, by %2).")
                      .arg(timefmt::absolute(ev.lastVerify->at), ev.lastVerify->by);
    }
    m_checkpoint->setText(cp);
}

void EvidenceSection::linkEvidence()
{
    if (m_evidence)
        link(m_evidence->accounts());
}

void EvidenceSection::addAccounts()
{
    if (!m_editable || !m_id)
        return;
    auto* picker = new AccountPicker(m_session, this);
    picker->setAttribute(Qt::WA_DeleteOnClose);
    connect(picker, &QDialog::accepted, this, [this, picker] { link(picker->selectedAccounts()); });
    picker->open();
}

void EvidenceSection::removeSelected()
{
    const auto rows = m_linkedTable->selectionModel()->selectedRows();
    if (rows.isEmpty() || !m_editable)
        return;
    refreshLinked({}, m_linkedTable->item(rows.first().row(), 0)->data(Qt::UserRole).toLongLong());
}

void EvidenceSection::link(const QList<qint64>& accounts)
{
    if (accounts.isEmpty() || !m_editable)
        return;
    refreshLinked(accounts, std::nullopt);
}

namespace {
struct Linked
{
    int added = 0;
    bool removed = false;
    QList<AccountRow> accounts;
    std::optional<AccountCounts> counts;
};
} // namespace

void EvidenceSection::refreshLinked(const QList<qint64>& add, std::optional<qint64> remove)
{
    if (!m_id)
        return;
    const qint64 id = m_id;
    const bool counts = m_session->capabilities().canEditIncidents;
    const bool writes = !add.isEmpty() || remove.has_value();
    m_session->request(
        this,
        [id, add, remove, counts](Services& s) -> Result<Linked> {
            Linked l;
            if (!add.isEmpty()) {
                auto n = s.linkIncidentAccounts(id, add);
                if (!n)
                    return n.error();
                l.added = n.value();
            }
            if (remove) {
                auto done = s.unlinkIncidentAccount(id, *remove);
                if (!done)
                    return done.error();
                l.removed = done.value();
            }
            auto incident = s.incident(id);
            if (!incident)
                return incident.error();
            if (!incident->accounts.isEmpty()) {
                auto rows = s.accountsByIds(incident->accounts);
                if (!rows)
                    return rows.error();
                l.accounts = std::move(rows).value();
            }
            if (counts) { // the counts read records' contacts: CTO and sysadmin only
                auto c = s.incidentAccountCounts(id);
                if (!c)
                    return c.error();
                l.counts = c.value();
            }
            return l;
        },
        [this, id, writes, add](Result<Linked> r) {
            if (id != m_id)
                return;
            if (!r) {
                m_banner->showMessage(Level::Error, r.error().message);
                return;
            }
            m_linked = r->accounts;
            m_linkedTable->setRowCount(0);
            for (const AccountRow& a : std::as_const(m_linked)) {
                const int row = m_linkedTable->rowCount();
                m_linkedTable->insertRow(row);
                auto* item = new QTableWidgetItem(QString::number(a.id));
                item->setData(Qt::UserRole, a.id);
                m_linkedTable->setItem(row, 0, item);
                m_linkedTable->setItem(row, 1, new QTableWidgetItem(a.companyName));
                m_linkedTable->setItem(row, 2, new QTableWidgetItem(a.status));
            }
            m_linkedTable->resizeColumnsToContents();
            QString status = m_linked.isEmpty()
                ? (m_editable ? tr("No accounts linked yet: add them from the Accounts list, or link those the "
                                   "evidence names.")
                              : tr("No accounts linked."))
                : tr("%n account(s) linked.", nullptr, static_cast<int>(m_linked.size()));
            if (!add.isEmpty())
                status += QStringLiteral(" ") + tr("%n newly linked.", nullptr, r->added);
            m_linkedStatus->setText(status);
            updateButtons();
            emit linkedChanged();
            if (writes && r->counts)
                applyCounts(*r->counts);
        });
}

void EvidenceSection::applyCounts(const AccountCounts& c)
{
    QJsonObject want;
    want.insert(kCountKeys[0], c.records);
    want.insert(kCountKeys[1], c.records);
    want.insert(kCountKeys[2], c.people);
    want.insert(kCountKeys[3], c.people);
    // Empty fields and our own last prefill are filled in without asking; a number someone typed is replaced only
    // when they say so.
    QStringList typed;
    for (const QString& key : kCountKeys) {
        const QJsonValue now = m_form->fieldValue(key);
        if (!now.isNull() && !now.isUndefined() && now != want.value(key) && now != m_prefilled.value(key))
            typed << key;
    }
    const bool replace = typed.isEmpty()
        || m_confirm(tr("Questions 6 and 7 already hold numbers. Replace them with the counts of the linked "
                        "accounts: %n record(s)",
                        nullptr, static_cast<int>(c.records))
                     + QStringLiteral(", ") + tr("%n person(s)?", nullptr, static_cast<int>(c.people)));
    for (const QString& key : kCountKeys)
        if (replace || !typed.contains(key)) {
            m_form->setFieldValue(key, want.value(key));
            m_prefilled.insert(key, want.value(key));
        }
    m_banner->showMessage(Level::Ok,
                          replace ? tr("Questions 6 and 7 now hold the linked accounts' counts (exact). Save the "
                                       "incident to keep them.")
                                  : tr("The numbers you typed in questions 6 and 7 are kept; the empty ones now hold "
                                       "the linked accounts' counts. Save the incident to keep them."));
    emit countsApplied();
}

void EvidenceSection::loadOffer()
{
    m_offerLoaded = true;
    m_restoreLabel->setText(tr("Looking for a restore around the incident…"));
    m_session->request(
        this, [](Services& s) { return s.backupCatalogue(); },
        [this](Result<backup::catalogue::Snapshot> snapshot) {
            if (!snapshot) {
                m_restoreLabel->setText(
                    tr("The backups catalogue could not be read: %1").arg(snapshot.error().message));
                return;
            }
            m_backups = snapshot->entries;
            m_checks = snapshot->checks;
            showOffer();
            emit restoreOfferReady();
        });
}

void EvidenceSection::showOffer()
{
    if (!m_backups)
        return;
    m_offer = restoreOfferFor(*m_backups, m_checks, window());
    if (!m_offer) {
        m_restoreLabel->setText(tr("No restore recorded in this window. A restore or drill recorded in the Backups "
                                   "view during the incident (or the day after) is offered here."));
    } else {
        const RestoreText t = restoreText(*m_offer);
        m_restoreLabel->setText(
            QStringLiteral("%1 — %2").arg(levelWord(m_offer->withinPromise ? Level::Ok : Level::Warning), t.measures));
    }
    updateButtons();
}

void EvidenceSection::useRestore()
{
    if (!m_offer || !m_editable)
        return;
    const RestoreText t = restoreText(*m_offer);
    const auto append = [this](const QString& key, const QString& text) {
        const QString now = m_form->fieldValue(key).toString();
        if (now.contains(text))
            return; // put in before: once is enough
        m_form->setFieldValue(key, now.trimmed().isEmpty() ? text : now + QStringLiteral("\n") + text);
    };
    append(QStringLiteral("q10_measures_taken"), t.measures);
    append(QStringLiteral("q9_consequences_subjects"), t.consequences);
    const qint64 id = m_id;
    const QString note = t.timelineNote;
    m_session->request(
        this, [id, note](Services& s) { return s.noteIncident(id, note); },
        [this](Result<qint64> r) {
            if (!r)
                m_banner->showMessage(Level::Error, r.error().message);
            else
                m_banner->showMessage(Level::Ok,
                                      tr("The restore is in questions 9 and 10 and on the timeline. Save the "
                                         "incident to keep the answers."));
        });
}

} // namespace art32::ui
