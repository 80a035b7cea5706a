#include "audit/AuditView.h"

#include "accounts/AccountsView.h"
#include "audit/AuditModel.h"
#include "session/Services.h"
#include "session/Session.h"
#include "widgets/Banner.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QTableView>
#include <QVBoxLayout>
#include <limits>

namespace art32::ui {

namespace {

/** Groups of actions by their prefix, in the order the action box offers them. */
struct ActionGroup
{
    const char* prefix;
    const char* text;
};
constexpr ActionGroup kGroups[] = {
    { "records.", QT_TRANSLATE_NOOP("art32::ui::AuditView", "Personal data: reads and changes") },
    { "access.", QT_TRANSLATE_NOOP("art32::ui::AuditView", "Access grants") },
    { "account.", QT_TRANSLATE_NOOP("art32::ui::AuditView", "Account erasure") },
    { "unlock.", QT_TRANSLATE_NOOP("art32::ui::AuditView", "Unlock attempts") },
    { "keys.", QT_TRANSLATE_NOOP("art32::ui::AuditView", "Keys and rotations") },
    { "admin.", QT_TRANSLATE_NOOP("art32::ui::AuditView", "Admins") },
    { "row.", QT_TRANSLATE_NOOP("art32::ui::AuditView", "Row changes (any table)") },
    { "audit.", QT_TRANSLATE_NOOP("art32::ui::AuditView", "The audit log: verify, checkpoints, retention") },
};

} // namespace

AuditView::AuditView(Session* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(new AuditModel(session, this))
    , m_banner(new Banner(this))
    , m_actorLabel(new QLabel(this))
    , m_actorCombo(new QComboBox(this))
    , m_actionLabel(new QLabel(this))
    , m_actionCombo(new QComboBox(this))
    , m_accountLabel(new QLabel(this))
    , m_accountEdit(new QLineEdit(this))
    , m_fromCheck(new QCheckBox(this))
    , m_fromEdit(new QDateTimeEdit(this))
    , m_toCheck(new QCheckBox(this))
    , m_toEdit(new QDateTimeEdit(this))
    , m_applyButton(new QPushButton(this))
    , m_clearButton(new QPushButton(this))
    , m_table(new QTableView(this))
    , m_status(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_cancelButton(new QPushButton(this))
    , m_exportCsvButton(new QPushButton(this))
    , m_exportJsonButton(new QPushButton(this))
    , m_verifyButton(new QPushButton(this))
    , m_verifyCheckpointButton(new QPushButton(this))
    , m_verdict(new QLabel(this))
{
    setObjectName(QStringLiteral("auditWidget"));
    m_actorCombo->setObjectName(QStringLiteral("actorComboBox"));
    m_actionCombo->setObjectName(QStringLiteral("actionComboBox"));
    m_accountEdit->setObjectName(QStringLiteral("accountLineEdit"));
    m_fromCheck->setObjectName(QStringLiteral("fromCheckBox"));
    m_fromEdit->setObjectName(QStringLiteral("fromDateTimeEdit"));
    m_toCheck->setObjectName(QStringLiteral("toCheckBox"));
    m_toEdit->setObjectName(QStringLiteral("toDateTimeEdit"));
    m_applyButton->setObjectName(QStringLiteral("applyFilterButton"));
    m_clearButton->setObjectName(QStringLiteral("clearFilterButton"));
    m_table->setObjectName(QStringLiteral("auditTableView"));
    m_status->setObjectName(QStringLiteral("auditStatusLabel"));
    m_progress->setObjectName(QStringLiteral("auditProgressBar"));
    m_cancelButton->setObjectName(QStringLiteral("auditCancelButton"));
    m_exportCsvButton->setObjectName(QStringLiteral("exportCsvButton"));
    m_exportJsonButton->setObjectName(QStringLiteral("exportJsonButton"));
    m_verifyButton->setObjectName(QStringLiteral("verifyChainButton"));
    m_verifyCheckpointButton->setObjectName(QStringLiteral("verifyCheckpointButton"));
    m_verdict->setObjectName(QStringLiteral("verdictLabel"));
    m_verdict->setWordWrap(true);
    m_verdict->setTextFormat(Qt::RichText);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_verdict->hide();

    // Filter bar: who (one login, or several separated by commas), what, which account, when.
    m_actorCombo->setEditable(true);
    m_actorCombo->setInsertPolicy(QComboBox::NoInsert);
    m_actorCombo->setMinimumContentsLength(14);
    m_actorLabel->setBuddy(m_actorCombo);
    m_actionCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_actionCombo->setMinimumContentsLength(22);
    m_actionLabel->setBuddy(m_actionCombo);
    m_accountEdit->setClearButtonEnabled(true);
    m_accountEdit->setMaxLength(18);
    m_accountLabel->setBuddy(m_accountEdit);
    const QDateTime now = QDateTime::currentDateTime();
    for (QDateTimeEdit* edit : { m_fromEdit, m_toEdit }) {
        edit->setCalendarPopup(true);
        edit->setEnabled(false);
    }
    m_fromEdit->setDateTime(now.addDays(-1));
    m_toEdit->setDateTime(now.addSecs(3600));
    connect(m_fromCheck, &QCheckBox::toggled, m_fromEdit, &QWidget::setEnabled);
    connect(m_toCheck, &QCheckBox::toggled, m_toEdit, &QWidget::setEnabled);
    fillActions({});
    auto* find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, m_actorCombo, qOverload<>(&QWidget::setFocus));

    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed); // never measure rows of a big model
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->setTabKeyNavigation(false); // Tab leaves the table (reading order); the arrow keys move inside it
    const QFontMetrics fm = m_table->fontMetrics();
    m_table->setColumnWidth(AuditModel::Time, fm.horizontalAdvance(QStringLiteral("00-00-0000 00:00:00 CEST")) + 16);
    m_table->setColumnWidth(AuditModel::Actor, fm.horizontalAdvance(QLatin1Char('M')) * 10);
    m_table->setColumnWidth(AuditModel::Action, fm.horizontalAdvance(QLatin1Char('M')) * 16);
    m_table->setColumnWidth(AuditModel::Account, fm.horizontalAdvance(QStringLiteral("00000000")) + 16);
    m_table->setColumnWidth(AuditModel::Change, fm.horizontalAdvance(QLatin1Char('M')) * 12);

    m_progress->hide();
    m_cancelButton->hide();
    m_status->setWordWrap(true);

    auto* bar = new QGridLayout;
    bar->addWidget(m_actorLabel, 0, 0);
    bar->addWidget(m_actorCombo, 0, 1);
    bar->addWidget(m_actionLabel, 0, 2);
    bar->addWidget(m_actionCombo, 0, 3);
    bar->addWidget(m_accountLabel, 0, 4);
    bar->addWidget(m_accountEdit, 0, 5);
    bar->addWidget(m_fromCheck, 1, 0);
    bar->addWidget(m_fromEdit, 1, 1);
    bar->addWidget(m_toCheck, 1, 2);
    bar->addWidget(m_toEdit, 1, 3);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_applyButton);
    buttons->addWidget(m_clearButton);
    bar->addLayout(buttons, 1, 4, 1, 2);
    bar->setColumnStretch(1, 1);
    bar->setColumnStretch(3, 2);
    bar->setColumnStretch(5, 1);

    auto* tools = new QHBoxLayout;
    tools->addWidget(m_status, 1);
    tools->addWidget(m_progress);
    tools->addWidget(m_cancelButton);
    tools->addWidget(m_exportCsvButton);
    tools->addWidget(m_exportJsonButton);
    tools->addWidget(m_verifyButton);
    tools->addWidget(m_verifyCheckpointButton);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_verdict);
    layout->addLayout(tools);

    // Reading order for Tab: the filter bar row by row, the table, then the tools.
    setTabOrder(m_actorCombo, m_actionCombo);
    setTabOrder(m_actionCombo, m_accountEdit);
    setTabOrder(m_accountEdit, m_fromCheck);
    setTabOrder(m_fromCheck, m_fromEdit);
    setTabOrder(m_fromEdit, m_toCheck);
    setTabOrder(m_toCheck, m_toEdit);
    setTabOrder(m_toEdit, m_applyButton);
    setTabOrder(m_applyButton, m_clearButton);
    setTabOrder(m_clearButton, m_table);
    setTabOrder(m_table, m_cancelButton);
    setTabOrder(m_cancelButton, m_exportCsvButton);
    setTabOrder(m_exportCsvButton, m_exportJsonButton);
    setTabOrder(m_exportJsonButton, m_verifyButton);
    setTabOrder(m_verifyButton, m_verifyCheckpointButton);

    retranslate();
    // Return in any field of the bar applies it.
    connect(m_actorCombo->lineEdit(), &QLineEdit::returnPressed, this, &AuditView::applyFilter);
    connect(m_accountEdit, &QLineEdit::returnPressed, this, &AuditView::applyFilter);
    for (QWidget* field :
         std::initializer_list<QWidget*> { m_fromEdit, m_toEdit, m_fromCheck, m_toCheck, m_actionCombo })
        for (const auto key : { Qt::Key_Return, Qt::Key_Enter }) {
            auto* shortcut = new QShortcut(QKeySequence(key), field, nullptr, nullptr, Qt::WidgetShortcut);
            connect(shortcut, &QShortcut::activated, this, &AuditView::applyFilter);
        }
    connect(m_applyButton, &QPushButton::clicked, this, &AuditView::applyFilter);
    connect(m_clearButton, &QPushButton::clicked, this, &AuditView::clearFilter);
    connect(m_model, &AuditModel::loadFailed, this,
            [this](const Error& e) { m_banner->showMessage(Level::Error, e.message, tr("Retry")); });
    connect(m_model, &AuditModel::loaded, this, &AuditView::updateStatus);
    connect(m_model, &AuditModel::loadingStarted, this, &AuditView::updateStatus);
    connect(m_banner, &Banner::actionTriggered, this, [this] {
        m_banner->hide();
        m_model->reload(m_model->filter());
    });
    connect(m_cancelButton, &QPushButton::clicked, this, [this] {
        if (m_cancel)
            m_cancel->store(true);
        m_cancelButton->setEnabled(false);
    });
    connect(m_exportCsvButton, &QPushButton::clicked, this, &AuditView::exportCsv);
    connect(m_exportJsonButton, &QPushButton::clicked, this, &AuditView::exportJson);
    connect(m_verifyButton, &QPushButton::clicked, this, &AuditView::verifyChain);
    connect(m_verifyCheckpointButton, &QPushButton::clicked, this, &AuditView::verifyWithCheckpoint);
}

void AuditView::fillActions(const QStringList& actions)
{
    m_actions = actions;
    const QString current = m_actionCombo->currentData().toString();
    m_actionCombo->clear();
    m_actionCombo->addItem(tr("All actions"), QString());
    for (const ActionGroup& g : kGroups)
        m_actionCombo->addItem(tr("%1 (%2*)").arg(tr(g.text), QLatin1String(g.prefix)), QLatin1String(g.prefix));
    if (!actions.isEmpty())
        m_actionCombo->insertSeparator(m_actionCombo->count());
    for (const QString& a : actions)
        m_actionCombo->addItem(tr("%1 (%2)").arg(audit::actionText(a), a), a);
    const int i = m_actionCombo->findData(current);
    m_actionCombo->setCurrentIndex(qMax(0, i));
}

void AuditView::retranslate()
{
    m_actorLabel->setText(tr("Wh&o:"));
    m_actorCombo->setAccessibleName(tr("Who (login)"));
    m_actorCombo->lineEdit()->setPlaceholderText(tr("Any admin"));
    m_actorCombo->setToolTip(tr("A login, or several separated by commas"));
    m_actionLabel->setText(tr("Wh&at:"));
    m_actionCombo->setAccessibleName(tr("What (action)"));
    m_accountLabel->setText(tr("Acco&unt:"));
    m_accountEdit->setPlaceholderText(tr("Any account"));
    m_accountEdit->setAccessibleName(tr("Account id"));
    m_fromCheck->setText(tr("Fro&m"));
    m_fromEdit->setAccessibleName(tr("From (local time)"));
    m_toCheck->setText(tr("&To"));
    m_toEdit->setAccessibleName(tr("To (local time)"));
    m_applyButton->setText(tr("&Show events"));
    m_clearButton->setText(tr("Show &everything"));
    m_table->setAccessibleName(tr("Audit events"));
    m_cancelButton->setText(tr("Cancel"));
    m_exportCsvButton->setText(tr("Export &CSV…"));
    m_exportCsvButton->setToolTip(tr("Saves the events of this filter as CSV, oldest first, readable only by you"));
    m_exportJsonButton->setText(tr("Export &JSON…"));
    m_exportJsonButton->setToolTip(
        tr("Saves the events of this filter as JSON with the filter and the range it covers, readable only by you"));
    m_verifyButton->setText(tr("Verify chai&n"));
    m_verifyButton->setToolTip(tr("Recomputes every event's hash and names the first broken link. The check is itself "
                                  "recorded in the log."));
    m_verifyCheckpointButton->setText(tr("Verify against chec&kpoint…"));
    m_verifyCheckpointButton->setToolTip(
        tr("Also checks the log against a checkpoint note signed by a CTO (art32ctl audit checkpoint): a rewritten or "
           "cut tail no longer matches it."));
    fillActions(m_actions);
    if (m_lastReport)
        showVerdict(*m_lastReport);
}

std::optional<audit::Filter> AuditView::filterFromBar()
{
    audit::Filter f;
    for (const QString& part : m_actorCombo->currentText().split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (const QString login = part.trimmed(); !login.isEmpty())
            f.actors << login;
    if (const QString action = m_actionCombo->currentData().toString(); !action.isEmpty())
        f.actions << action;
    if (const QString text = m_accountEdit->text().trimmed(); !text.isEmpty()) {
        bool ok = false;
        const qint64 id = text.toLongLong(&ok);
        if (!ok || id <= 0) {
            m_banner->showMessage(Level::Warning, tr("An account id is a positive number."));
            m_accountEdit->setFocus();
            return std::nullopt;
        }
        f.account = id;
    }
    if (m_fromCheck->isChecked())
        f.from = m_fromEdit->dateTime().toUTC();
    if (m_toCheck->isChecked())
        f.to = m_toEdit->dateTime().toUTC();
    if (f.from.isValid() && f.to.isValid() && f.to <= f.from) {
        m_banner->showMessage(Level::Warning, tr("The end of the time range must come after its start."));
        m_toEdit->setFocus();
        return std::nullopt;
    }
    return f;
}

void AuditView::applyFilter()
{
    const auto f = filterFromBar();
    if (!f)
        return;
    m_banner->hide();
    m_loadedOnce = true;
    m_model->reload(*f);
}

void AuditView::clearFilter()
{
    m_actorCombo->setCurrentIndex(-1);
    m_actorCombo->clearEditText();
    m_actionCombo->setCurrentIndex(0);
    m_accountEdit->clear();
    m_fromCheck->setChecked(false);
    m_toCheck->setChecked(false);
    applyFilter();
}

void AuditView::showAccount(qint64 accountId)
{
    m_actorCombo->setCurrentIndex(-1);
    m_actorCombo->clearEditText();
    m_actionCombo->setCurrentIndex(0);
    m_fromCheck->setChecked(false);
    m_toCheck->setChecked(false);
    m_accountEdit->setText(QString::number(accountId));
    applyFilter();
}

void AuditView::updateStatus()
{
    if (m_model->isLoading() && m_model->rowCount() == 0) {
        m_status->setText(tr("Loading events…"));
        return;
    }
    if (m_model->isLoading())
        return;
    const int n = m_model->rowCount();
    if (n == 0) {
        m_status->setText(m_model->filter().isEmpty()
                              ? tr("The audit log is empty.")
                              : tr("No event matches this filter. \"Show everything\" lists every event."));
        return;
    }
    const QString shown = m_model->filter().account
        ? tr("%n event(s) of account %1 shown, newest first: every read and change of it", nullptr, n)
              .arg(*m_model->filter().account)
        : tr("%n event(s) shown, newest first", nullptr, n);
    m_status->setText(m_model->isAtEnd() ? shown : tr("%1; scroll down for older ones").arg(shown));
}

void AuditView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (!m_loadedOnce) {
        m_loadedOnce = true;
        m_model->reload(m_model->filter());
    }
    loadFilterChoices();
}

void AuditView::loadFilterChoices()
{
    m_session->request(
        this,
        [](Services& s) -> Result<std::pair<QStringList, QStringList>> {
            auto actors = s.auditActors();
            if (!actors)
                return actors.error();
            auto actions = s.auditActions();
            if (!actions)
                return actions.error();
            return std::make_pair(std::move(actors).value(), std::move(actions).value());
        },
        [this](Result<std::pair<QStringList, QStringList>> lists) {
            if (!lists)
                return; // the bar still takes typed logins; the table's load says what is wrong
            const QString typed = m_actorCombo->currentText();
            m_actorCombo->clear();
            m_actorCombo->addItems(lists->first);
            m_actorCombo->setEditText(typed);
            fillActions(lists->second);
        });
}

void AuditView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        if (!isBusy())
            m_banner->hide(); // its message is in the old language
        retranslate();
        updateStatus();
    }
    QWidget::changeEvent(event);
}

void AuditView::setBusy(bool busy)
{
    m_progress->setVisible(busy);
    m_cancelButton->setVisible(busy);
    m_cancelButton->setEnabled(busy);
    m_exportCsvButton->setEnabled(!busy);
    m_exportJsonButton->setEnabled(!busy);
    m_verifyButton->setEnabled(!busy);
    m_verifyCheckpointButton->setEnabled(!busy);
    if (busy) {
        m_progress->setRange(0, 0);
        m_progress->setFormat(QString());
    } else {
        m_cancel.reset();
    }
}

void AuditView::exportCsv()
{
    exportAs(audit::Format::Csv);
}

void AuditView::exportJson()
{
    exportAs(audit::Format::Json);
}

void AuditView::exportAs(audit::Format format)
{
    if (isBusy())
        return;
    // What the table shows, as prepared for it; or the bar's filter when nothing was shown yet.
    const std::optional<audit::Query> query = m_model->query();
    audit::Filter filter = m_model->filter();
    if (!query) {
        const auto f = filterFromBar();
        if (!f)
            return;
        filter = *f;
    }
    const bool csv = format == audit::Format::Csv;
    const QString suggested
        = QDir(AccountsView::defaultExportDirectory())
              .filePath(QStringLiteral("audit-%1.%2")
                            .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")),
                                 csv ? QStringLiteral("csv") : QStringLiteral("json")));
    const QString file = QFileDialog::getSaveFileName(this, tr("Save audit export"), suggested,
                                                      csv ? tr("CSV files (*.csv)") : tr("JSON files (*.json)"));
    if (file.isEmpty())
        return;
    m_cancel = m_session->cancelToken();
    auto cancel = m_cancel;
    setBusy(true);
    m_banner->hide();
    m_status->setText(tr("Exporting events…"));
    QPointer<AuditView> self(this);
    m_session->request(
        this,
        [query, filter, format, file, cancel, self](Services& s) -> Result<audit::ExportSummary> {
            audit::Query q;
            if (query) {
                q = *query;
            } else {
                auto prepared = s.auditQuery(filter);
                if (!prepared)
                    return prepared.error();
                q = std::move(prepared).value();
            }
            return s.exportAudit(
                q, format, file,
                [self](qint64 done, qint64 total) {
                    QMetaObject::invokeMethod(qApp, [self, done, total] {
                        if (!self)
                            return;
                        // The bar counts in thousandths: a million events do not fit an int everywhere.
                        self->m_progress->setRange(0, 1000);
                        self->m_progress->setValue(total > 0 ? static_cast<int>(done * 1000 / total) : 0);
                    });
                },
                cancel.get());
        },
        [this, file](Result<audit::ExportSummary> summary) {
            setBusy(false);
            updateStatus();
            if (!summary) {
                m_banner->showMessage(Level::Error, summary.error().message);
                return;
            }
            if (summary->cancelled) {
                m_banner->showMessage(Level::Warning, tr("Export cancelled; no file was left behind."));
                return;
            }
            m_banner->showMessage(
                Level::Ok,
                summary->events == 0
                    ? tr("Exported no events to %1 (none match the filter; the log was at seq %2).")
                          .arg(file)
                          .arg(summary->upToSeq)
                    : tr("Exported %n event(s), seq %1 to %2, to %3, readable only by you. It covers the log up to "
                         "seq %4.",
                         nullptr, static_cast<int>(summary->events))
                          .arg(summary->firstSeq)
                          .arg(summary->lastSeq)
                          .arg(file)
                          .arg(summary->upToSeq));
            if (summary->events > 0)
                m_banner->showMessage(
                    Level::Ok,
                    m_banner->message() + QLatin1Char(' ')
                        + (summary->checkpoint
                               ? tr("Checkpoint of %1 at seq %2 (hash %3) covers it: hand over its note with the "
                                    "export.")
                                     .arg(summary->checkpoint->signer)
                                     .arg(summary->checkpoint->seq)
                                     .arg(summary->checkpoint->hash.left(16))
                               : tr("No checkpoint covers it yet: ask a CTO for one (art32ctl audit checkpoint) and "
                                    "hand over its note with the export.")));
        });
}

void AuditView::verifyChain()
{
    runVerify(std::nullopt);
}

void AuditView::verifyWithCheckpoint()
{
    if (isBusy())
        return;
    const QString file
        = QFileDialog::getOpenFileName(this, tr("Open checkpoint note"), AccountsView::defaultExportDirectory(),
                                       tr("Checkpoint notes (*.txt *.note *.checkpoint);;All files (*)"));
    if (file.isEmpty())
        return;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        m_banner->showMessage(Level::Error, tr("Could not read %1: %2").arg(file, f.errorString()));
        return;
    }
    auto checkpoint = audit::parseNote(f.read(64 * 1024));
    if (!checkpoint) {
        m_banner->showMessage(Level::Error, checkpoint.error().message);
        return;
    }
    runVerify(checkpoint.value());
}

void AuditView::runVerify(const std::optional<audit::Checkpoint>& checkpoint)
{
    if (isBusy())
        return;
    m_cancel = m_session->cancelToken();
    auto cancel = m_cancel;
    setBusy(true);
    m_banner->hide();
    m_verdict->hide();
    m_status->setText(tr("Verifying the audit chain…"));
    QPointer<AuditView> self(this);
    m_session->request(
        this,
        [checkpoint, cancel, self](Services& s) {
            return s.verifyChain(
                checkpoint,
                [self](qint64 done, qint64 total) {
                    QMetaObject::invokeMethod(qApp, [self, done, total] {
                        if (!self)
                            return;
                        self->m_progress->setRange(0, 1000);
                        self->m_progress->setValue(total > 0 ? static_cast<int>(done * 1000 / total) : 0);
                        self->m_status->setText(tr("Verifying the audit chain: %1 of %2 events…")
                                                    .arg(QLocale().toString(done), QLocale().toString(total)));
                    });
                },
                cancel.get());
        },
        [this](Result<audit::VerifyReport> report) {
            setBusy(false);
            updateStatus();
            if (!report) {
                if (report.error().code == QLatin1String("interrupted")) {
                    m_banner->showMessage(Level::Warning, tr("Verify cancelled: no verdict."));
                    return;
                }
                m_banner->showMessage(Level::Error, report.error().message);
                return;
            }
            m_lastReport = report.value();
            showVerdict(report.value());
            m_model->reload(m_model->filter()); // the verify is itself an event
        });
}

void AuditView::showVerdict(const audit::VerifyReport& r)
{
    const bool intact = r.kind == audit::BreakKind::None;
    QString kind;
    switch (r.kind) {
    case audit::BreakKind::None:
        break;
    case audit::BreakKind::EditedRow:
        kind = tr("an edited row");
        break;
    case audit::BreakKind::MissingRow:
        kind = tr("a missing row");
        break;
    case audit::BreakKind::CheckpointMismatch:
        kind = tr("a mismatch with the checkpoint");
        break;
    }
    const QString text = intact
        ? (r.intactUpTo == 0 ? tr("The audit log is empty: nothing to break.")
                             : tr("Chain intact up to seq %1 (%n event(s) checked from seq %2).", nullptr,
                                  static_cast<int>(qMin<qint64>(r.checked, std::numeric_limits<int>::max())))
                                   .arg(r.intactUpTo)
                                   .arg(r.firstSeq))
        : tr("Chain broken at seq %1: %2. %3 Intact up to seq %4.")
              .arg(r.brokenSeq)
              .arg(kind, r.detail)
              .arg(r.intactUpTo);
    const Level level = intact ? Level::Ok : Level::Error;
    const QString iconFile = intact ? QStringLiteral("status-ok") : QStringLiteral("status-error");
    m_verdict->setText(QStringLiteral("<img src=\":/icons/%1.svg\" width=\"16\" height=\"16\"> <b>%2:</b> %3")
                           .arg(iconFile, levelWord(level).toHtmlEscaped(), text.toHtmlEscaped()));
    m_verdict->setAccessibleName(text);
    m_verdict->setToolTip(text);
    m_verdict->show();
}

QString AuditView::verdict() const
{
    return m_verdict->isVisible() ? m_verdict->accessibleName() : QString();
}

} // namespace art32::ui
