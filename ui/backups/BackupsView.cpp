#include "backups/BackupsView.h"

#include "core/TimeFormat.h"
#include "core/WorkingHours.h"
#include "demo/DemoCluster.h"
#include "keychain/Keychain.h"
#include "session/Services.h"
#include "session/Session.h"
#include "store/Database.h"
#include "widgets/Banner.h"
#include "widgets/Icons.h"

#include <QApplication>
#include <QDateTimeAxis>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QScatterSeries>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyle>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>

namespace art32::ui {
namespace {

using backup::DayState;

QString dayWord(DayState state)
{
    switch (state) {
    case DayState::Verified:
        return BackupsView::tr("Verified");
    case DayState::Present:
        return BackupsView::tr("Present");
    case DayState::Failed:
        return BackupsView::tr("Failed");
    case DayState::Missing:
        return BackupsView::tr("Missing");
    case DayState::ReportedLate:
        return BackupsView::tr("Reported late");
    }
    return QString();
}

QIcon dayIcon(DayState state)
{
    switch (state) {
    case DayState::Verified:
        return icon(QStringLiteral("status-ok"));
    case DayState::Present:
        return icon(QStringLiteral("backups"));
    case DayState::Failed:
        return icon(QStringLiteral("status-error"));
    case DayState::Missing:
        return icon(QStringLiteral("status-unknown"));
    case DayState::ReportedLate:
        return icon(QStringLiteral("status-warning"));
    }
    return QIcon();
}

/** Status colours (the only colours the console sets), always next to an icon and a word. */
QColor dayColour(DayState state)
{
    switch (state) {
    case DayState::Verified:
        return QColor(0x2e, 0x7d, 0x32);
    case DayState::Present:
        return QColor(0x55, 0x8b, 0x2f);
    case DayState::Failed:
    case DayState::Missing:
        return QColor(0xc6, 0x28, 0x28);
    case DayState::ReportedLate:
        return QColor(0xe6, 0x51, 0x00);
    }
    return QColor();
}

QString levelLine(Level level, const QString& text)
{
    return QStringLiteral("%1: %2").arg(levelWord(level), text);
}

QLabel* iconLabel(QWidget* parent, const QIcon& i)
{
    auto* label = new QLabel(parent);
    const int size = parent->style()->pixelMetric(QStyle::PM_SmallIconSize);
    label->setPixmap(i.pixmap(QSize(size, size), parent->devicePixelRatioF()));
    label->setAlignment(Qt::AlignCenter);
    return label;
}

/** A status line: its level's icon beside it (set up in the constructor) and the level's word in front of the text. */
void setStatusLine(QLabel* label, Level level, const QString& text)
{
    label->setText(levelLine(level, text));
    if (auto* i = qobject_cast<QLabel*>(label->property("levelIcon").value<QObject*>())) {
        const int size = label->style()->pixelMetric(QStyle::PM_SmallIconSize);
        i->setPixmap(levelIcon(level).pixmap(QSize(size, size), label->devicePixelRatioF()));
    }
}

enum Column { ColTime, ColSize, ColBackend, ColState, ColVerified, ColRestore, ColErasures, ColumnCount };

} // namespace

BackupsView::BackupsView(Session* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_banner(new Banner(this))
    , m_title(new QLabel(this))
    , m_ageLabel(new QLabel(this))
    , m_drillLabel(new QLabel(this))
    , m_retentionLabel(new QLabel(this))
    , m_stripTitle(new QLabel(this))
    , m_strip(new QWidget(this))
    , m_stripLayout(new QGridLayout(m_strip))
    , m_backendLabel(new QLabel(this))
    , m_runButton(new QPushButton(this))
    , m_verifyButton(new QPushButton(this))
    , m_drillButton(new QPushButton(this))
    , m_cancelButton(new QPushButton(this))
    , m_progress(new QProgressBar(this))
    , m_body(new QStackedWidget(this))
    , m_emptyLabel(new QLabel(this))
    , m_emptyRunButton(new QPushButton(this))
    , m_table(new QTableWidget(this))
    , m_chart(new QChartView(this))
{
    setObjectName(QStringLiteral("backupsWidget"));
    m_ageLabel->setObjectName(QStringLiteral("backupAgeLabel"));
    m_drillLabel->setObjectName(QStringLiteral("backupDrillLabel"));
    m_retentionLabel->setObjectName(QStringLiteral("backupRetentionLabel"));
    m_strip->setObjectName(QStringLiteral("backupStrip"));
    m_backendLabel->setObjectName(QStringLiteral("backupBackendLabel"));
    m_runButton->setObjectName(QStringLiteral("runBackupButton"));
    m_verifyButton->setObjectName(QStringLiteral("verifyBackupButton"));
    m_drillButton->setObjectName(QStringLiteral("drillBackupButton"));
    m_cancelButton->setObjectName(QStringLiteral("cancelBackupButton"));
    m_progress->setObjectName(QStringLiteral("backupProgressBar"));
    m_emptyLabel->setObjectName(QStringLiteral("backupsEmptyLabel"));
    m_emptyRunButton->setObjectName(QStringLiteral("emptyRunBackupButton"));
    m_table->setObjectName(QStringLiteral("backupsTableWidget"));
    m_chart->setObjectName(QStringLiteral("backupSizeChart"));

    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    for (QLabel* l : { m_ageLabel, m_drillLabel, m_retentionLabel, m_backendLabel, m_emptyLabel }) {
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_stripLayout->setContentsMargins(0, 0, 0, 0);
    m_stripLayout->setSpacing(4);

    m_cancelButton->hide();
    m_progress->hide();
    auto* actions = new QHBoxLayout;
    actions->addWidget(m_runButton);
    actions->addWidget(m_verifyButton);
    actions->addWidget(m_drillButton);
    actions->addWidget(m_progress, 1);
    actions->addWidget(m_cancelButton);
    actions->addStretch(0);

    // The empty state says what to do.
    auto* empty = new QWidget(this);
    auto* emptyLayout = new QVBoxLayout(empty);
    emptyLayout->addStretch(1);
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    emptyLayout->addWidget(m_emptyLabel);
    emptyLayout->addWidget(m_emptyRunButton, 0, Qt::AlignCenter);
    emptyLayout->addStretch(2);

    m_table->setColumnCount(ColumnCount);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->setMinimumWidth(320);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_table);
    split->addWidget(m_chart);
    // The table's seven columns fit beside the chart at 1280 pixels (also in Dutch): three quarters for the table.
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    m_body->addWidget(empty);
    m_body->addWidget(split);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(m_title);
    // Each status line: an icon and a word with the text, never colour alone.
    for (QLabel* line : { m_ageLabel, m_drillLabel, m_retentionLabel }) {
        auto* row = new QHBoxLayout;
        auto* i = new QLabel(this);
        i->setObjectName(line->objectName() + QStringLiteral("Icon"));
        i->setAlignment(Qt::AlignTop | Qt::AlignHCenter);
        line->setProperty("levelIcon", QVariant::fromValue<QObject*>(i));
        row->addWidget(i, 0, Qt::AlignTop);
        row->addWidget(line, 1);
        layout->addLayout(row);
    }
    layout->addWidget(m_stripTitle);
    layout->addWidget(m_strip);
    layout->addWidget(m_backendLabel);
    layout->addLayout(actions);
    layout->addWidget(m_body, 1);

    const bool may = m_session->capabilities().canRunBackups;
    for (QPushButton* b : { m_runButton, m_verifyButton, m_drillButton, m_emptyRunButton })
        b->setVisible(may);
    connect(m_runButton, &QPushButton::clicked, this, &BackupsView::runBackup);
    connect(m_emptyRunButton, &QPushButton::clicked, this, &BackupsView::runBackup);
    connect(m_verifyButton, &QPushButton::clicked, this, &BackupsView::verifyLatest);
    connect(m_drillButton, &QPushButton::clicked, this, &BackupsView::drillLatest);
    connect(m_cancelButton, &QPushButton::clicked, this, &BackupsView::cancel);
    connect(m_banner, &Banner::actionTriggered, this, &BackupsView::reload);
    connect(m_session, &Session::stateChanged, this, [this](Session::State state) {
        m_pendingLoads = 0; // answers asked for in another state are dropped
        if (state == Session::State::Unlocked)
            reload();
    });
    m_restoreOptions.scratchParent = QDir::tempPath();
    retranslate();
    if (m_session->state() == Session::State::Unlocked)
        reload();
}

BackupsView::~BackupsView()
{
    // pgBackRest is stopped (SIGTERM) and its thread joined: nothing runs on after the window.
    if (m_thread) {
        if (m_cancel)
            m_cancel->store(true);
        m_thread->wait();
        delete m_thread;
    }
}

void BackupsView::setPgBackRest(const pgbackrest::Target& target, const pgbackrest::RestoreOptions& options)
{
    m_targetOverride = target;
    m_restoreOptions = options;
    retranslate();
}

pgbackrest::Target BackupsView::target() const
{
    if (m_targetOverride)
        return *m_targetOverride;
    pgbackrest::Target t;
    t.stanza = m_session->profile().pgbackrestStanza;
    t.configPath = m_session->profile().pgbackrestConfig;
    return t;
}

bool BackupsView::hasStanza() const
{
    return !target().stanza.isEmpty();
}

void BackupsView::setNativeBackups(const backup::Target& target)
{
    m_nativeOverride = target;
    retranslate();
}

BackupsView::JobBackend BackupsView::jobBackend() const
{
    if (m_nativeOverride)
        return JobBackend::Native;
    if (hasStanza())
        return JobBackend::PgBackRest;
    return m_session->profile().demo ? JobBackend::Native : JobBackend::None;
}

Result<backup::Target> BackupsView::nativeTarget() const
{
    if (m_nativeOverride)
        return *m_nativeOverride;
    const Profile& p = m_session->profile();
    if (!p.demo)
        return Error { QStringLiteral("backup.native.login"),
                       tr("This window has no backup login for this server: run `art32ctl backup run` as the backup "
                          "login (the nightly timer does it).") };
    // As `art32ctl backup` finds them for a demo profile: its maintenance role, the server's binaries, its directory.
    const DemoCluster demo;
    backup::Target t;
    t.connection = demo.maintenanceProfile(p.database);
    auto bin = DemoCluster::serverBinaries();
    if (!bin)
        return bin.error();
    t.pgBinDir = bin.value();
    t.backupDir
        = QDir(p.backupDir.isEmpty() ? demo.directory() + QStringLiteral("/backups") : p.backupDir).absolutePath();
    return t;
}

void BackupsView::retranslate()
{
    m_title->setText(tr("Backups"));
    m_stripTitle->setText(tr("The last 30 days"));
    m_runButton->setText(tr("&Run backup now"));
    m_emptyRunButton->setText(tr("&Run backup now"));
    m_verifyButton->setText(tr("&Verify latest backup"));
    m_drillButton->setText(tr("Restore &drill"));
    m_cancelButton->setText(tr("Cancel"));
    m_verifyButton->setToolTip(
        jobBackend() == JobBackend::PgBackRest
            ? tr("Checks the repository and restores the latest backup into a scratch copy that a temporary server "
                 "must open; the live database is not touched.")
            : tr("Restores the latest backup into a scratch database and compares every table's rows and checksum "
                 "with its header; the live database is not touched."));
    m_drillButton->setToolTip(tr("A timed restore rehearsal, recorded against the recovery promise of 48 working "
                                 "hours."));
    m_runButton->setToolTip(jobBackend() == JobBackend::PgBackRest
                                ? tr("Runs an incremental pgBackRest backup now and records it in the catalogue.")
                                : tr("Backs up the database now: pg_dump, encrypted with the backup key, recorded "
                                     "in the catalogue."));
    for (QPushButton* b : { m_runButton, m_verifyButton, m_drillButton })
        b->setProperty("baseToolTip", b->toolTip());
    m_emptyLabel->setText(
        !m_session->capabilities().canRunBackups ? tr("No backups yet — a CTO or sysadmin can run one now")
            : jobBackend() == JobBackend::None ? tr("No backups yet — run `art32ctl backup run` as the backup login")
                                               : tr("No backups yet — Run backup now"));
    QString backend;
    switch (jobBackend()) {
    case JobBackend::PgBackRest:
        backend = tr("Backend: pgBackRest, stanza \"%1\".").arg(target().stanza);
        break;
    case JobBackend::Native: {
        const auto t = nativeTarget();
        const QString dir = t ? QDir::toNativeSeparators(t->backupDir) : QStringLiteral("—");
        const QString keyFile = m_session->profile().backupKeyFile;
        backend = keyFile.isEmpty()
            ? tr("Backend: native (pg_dump, encrypted with this database's backup key from your keychain, into "
                 "%1).")
                  .arg(dir)
            : tr("Backend: native (pg_dump, encrypted with the backup key of the key file %1, into %2).")
                  .arg(QDir::toNativeSeparators(keyFile), dir);
        break;
    }
    case JobBackend::None:
        backend = tr("Backend: native. This profile is not the demo and names no pgBackRest stanza, so this window has "
                     "no backup login: native backups run as the backup login with `art32ctl backup run` (the "
                     "nightly timer does it). Name a pgBackRest stanza in the profile to run backups from here.");
        break;
    }
    m_backendLabel->setText(m_session->capabilities().canRunBackups ? backend
                                                                    : backend + QLatin1Char(' ')
                                    + tr("Your role reads the backup status; a CTO or "
                                         "sysadmin runs, verifies and drills."));
    m_table->setHorizontalHeaderLabels({ tr("Time"), tr("Size"), tr("Backend"), tr("State"), tr("Verified"),
                                         tr("Restore\ntime"), tr("Erasures\nre-applied") });
    if (m_loadedOnce)
        show(m_snapshot);
}

void BackupsView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void BackupsView::reload()
{
    ++m_pendingLoads;
    m_session->request(
        this, [](Services& s) { return s.backupCatalogue(); },
        [this](Result<backup::catalogue::Snapshot> snapshot) {
            // Only the answer to the newest reload is shown as "loaded" (answers come in order).
            if (--m_pendingLoads > 0)
                return;
            if (!snapshot) {
                m_banner->showMessage(Level::Error, snapshot.error().message, tr("Retry"));
                emit loaded();
                return;
            }
            if (!isBusy())
                m_banner->hide();
            m_snapshot = std::move(snapshot.value());
            m_loadedOnce = true;
            show(m_snapshot);
            emit loaded();
        });
}

void BackupsView::show(const backup::catalogue::Snapshot& snapshot)
{
    m_summary = backup::summarise(snapshot.entries, snapshot.checks, snapshot.serverNow, WorkingCalendar(),
                                  snapshot.retentionDays);
    fillStrip();
    fillStatus();
    fillTable();
    fillChart();
    m_body->setCurrentIndex(snapshot.entries.isEmpty() ? 0 : 1);
    updateActions();
}

void BackupsView::updateActions()
{
    const bool may = m_session->capabilities().canRunBackups;
    const JobBackend backend = jobBackend();
    const bool runnable = backend != JobBackend::None;
    m_runButton->setEnabled(may && !isBusy() && runnable);
    m_emptyRunButton->setEnabled(may && !isBusy() && runnable);
    const bool checkable = (backend == JobBackend::PgBackRest && latestComplete(backup::Backend::PgBackRest))
        || (backend == JobBackend::Native && latestComplete(backup::Backend::Native));
    m_verifyButton->setEnabled(may && !isBusy() && checkable);
    m_drillButton->setEnabled(may && !isBusy() && checkable);
    // A disabled action says why.
    const QString none = !runnable ? tr("This window has no backup login for this server; see the backend line.")
                                   : tr("There is no complete backup to check yet: run one first.");
    for (QPushButton* b : { m_runButton, m_verifyButton, m_drillButton }) {
        const QString base = b->property("baseToolTip").toString();
        const QString why = b->isEnabled() || isBusy() || !may ? QString() : none;
        b->setToolTip(why.isEmpty() ? base : base.isEmpty() ? why : base + QLatin1Char('\n') + why);
    }
}

void BackupsView::fillStrip()
{
    while (QLayoutItem* item = m_stripLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const int perRow = 15;
    for (int i = 0; i < m_summary.days.size(); ++i) {
        const backup::DayStatus& day = m_summary.days.at(i);
        auto* cell = new QFrame(m_strip);
        cell->setObjectName(QStringLiteral("stripDay%1").arg(i));
        cell->setProperty("dayState", int(day.state));
        cell->setFrameShape(QFrame::StyledPanel);
        // The colour is a border only: the icon and the word carry the state.
        cell->setStyleSheet(QStringLiteral("QFrame#%1 { border: 2px solid %2; border-radius: 3px; }")
                                .arg(cell->objectName(), dayColour(day.state).name()));
        auto* v = new QVBoxLayout(cell);
        v->setContentsMargins(2, 2, 2, 2);
        v->setSpacing(1);
        auto* date = new QLabel(QLocale().toString(day.date, QStringLiteral("d MMM")), cell);
        date->setAlignment(Qt::AlignCenter);
        auto* word = new QLabel(dayWord(day.state), cell);
        word->setObjectName(QStringLiteral("stripWord"));
        word->setAlignment(Qt::AlignCenter);
        v->addWidget(date);
        v->addWidget(iconLabel(cell, dayIcon(day.state)));
        v->addWidget(word);
        QString detail
            = QStringLiteral("%1: %2").arg(QLocale().toString(day.date, QLocale::LongFormat), dayWord(day.state));
        if (day.backups > 0)
            detail += QLatin1String(" — ") + tr("%n backup(s)", nullptr, day.backups);
        if (day.failures > 0)
            detail += QLatin1String(" — ") + tr("%n failure(s)", nullptr, day.failures);
        if (day.state == DayState::Missing)
            detail += QLatin1String(" — ") + tr("no backup was made or kept on this day");
        cell->setToolTip(detail);
        cell->setAccessibleName(detail);
        m_stripLayout->addWidget(cell, i / perRow, i % perRow);
    }
    m_stripTitle->setText(
        tr("The last 30 days: %1 of %2 days with a good backup").arg(m_summary.goodDays).arg(m_summary.days.size()));
}

void BackupsView::fillStatus()
{
    const backup::Summary& s = m_summary;
    if (!s.lastGood) {
        setStatusLine(m_ageLabel, Level::Error, tr("There is no good backup."));
    } else {
        const QString age = tr("The last good backup is %1 old (%2).")
                                .arg(timefmt::duration(s.lastGoodAgeSeconds), timefmt::absolute(s.lastGood->started));
        if (s.ageWarning)
            setStatusLine(m_ageLabel, Level::Warning,
                          age + QLatin1Char(' ') + tr("That is more than %n hour(s).", nullptr, backup::kMaxAgeHours));
        else
            setStatusLine(m_ageLabel, Level::Ok, age);
    }

    QString drill;
    Level drillLevel = Level::Error;
    if (!s.lastDrill) {
        drill = tr("No restore drill has been recorded; one is due now.");
    } else {
        const bool ok = s.lastDrill->ok.value_or(false);
        const QString took = s.lastDrillRestoreSeconds >= 0 ? timefmt::duration(qint64(s.lastDrillRestoreSeconds))
                                                            : tr("an unknown time");
        if (!ok)
            drill = tr("The last restore drill (%1) failed.").arg(timefmt::absolute(s.lastDrill->finished));
        else if (s.drillWithinPromise)
            drill = tr("The last restore drill (%1) restored in %2, within the promise of 48 working hours.")
                        .arg(timefmt::absolute(s.lastDrill->finished), took);
        else
            drill = tr("The last restore drill (%1) took %2, longer than the promise of 48 working hours.")
                        .arg(timefmt::absolute(s.lastDrill->finished), took);
        drill += QLatin1Char(' ')
            + (s.drillOverdue ? tr("The next drill was due %1.") : tr("The next drill is due %1."))
                  .arg(timefmt::absolute(s.nextDrillDue));
        drillLevel = !ok || !s.drillWithinPromise ? Level::Error : s.drillOverdue ? Level::Warning : Level::Ok;
    }
    if (s.recoveryDeadlineIfFailedNow.isValid())
        drill += QLatin1Char(' ')
            + tr("A failure now must be recovered by %1.").arg(timefmt::absolute(s.recoveryDeadlineIfFailedNow));
    setStatusLine(m_drillLabel, drillLevel, drill);

    const int days = m_snapshot.retentionDays;
    QStringList retention;
    retention << (s.keptPastRetention == 0 ? tr("Nothing is kept longer than %n day(s).", nullptr, days)
                                           : tr("%n backup(s) kept longer than the retention allows: prune them.",
                                                nullptr, s.keptPastRetention));
    retention << (s.retentionCovered
                      ? tr("The last %n day(s) are covered.", nullptr, days)
                      : (s.oldestKept.isValid() ? tr("The backups reach back only to %1, not %n day(s).", nullptr, days)
                                                      .arg(timefmt::absolute(s.oldestKept))
                                                : tr("No backup covers the last %n day(s).", nullptr, days)));
    setStatusLine(m_retentionLabel, s.retentionCompliant ? Level::Ok : Level::Error,
                  tr("Retention: %1").arg(retention.join(QLatin1Char(' '))));
}

void BackupsView::fillTable()
{
    const auto& entries = m_snapshot.entries;
    m_table->setRowCount(int(entries.size()));
    for (int row = 0; row < entries.size(); ++row) {
        const backup::BackupEntry& e = entries.at(row);
        // The latest finished check of this backup (checks come newest first).
        const backup::CheckEntry* last = nullptr;
        for (const backup::CheckEntry& c : m_snapshot.checks) {
            if (c.backupId == e.id && c.ok.has_value()) {
                last = &c;
                break;
            }
        }
        QString state;
        switch (e.state) {
        case backup::BackupState::Running:
            state = tr("Running");
            break;
        case backup::BackupState::Complete:
            state = tr("Complete");
            break;
        case backup::BackupState::Failed:
            state = tr("Failed");
            break;
        case backup::BackupState::Pruned:
            state = tr("Pruned");
            break;
        case backup::BackupState::Cancelled:
            state = tr("Cancelled");
            break;
        case backup::BackupState::Expired:
            state = tr("Expired");
            break;
        }
        // Only a kept backup can be verified: a cancelled, failed or expired one has nothing to verify.
        const bool verifiable = e.state == backup::BackupState::Complete || e.state == backup::BackupState::Pruned;
        QString verified = verifiable ? tr("Not verified") : QStringLiteral("—");
        if (last)
            verified = (*last->ok ? tr("Yes, %1") : tr("Failed, %1")).arg(timefmt::absolute(last->finished));
        const QStringList cells {
            timefmt::absolute(e.started),
            e.sizeBytes ? QLocale().formattedDataSize(*e.sizeBytes)
                        : (e.state == backup::BackupState::Complete ? tr("unknown") : QStringLiteral("—")),
            e.backend == backup::Backend::PgBackRest ? tr("pgBackRest") : tr("native"),
            state,
            verified,
            last && last->restoreSeconds ? timefmt::duration(qint64(*last->restoreSeconds)) : QStringLiteral("—"),
            last ? QLocale().toString(last->erasuresReapplied) : QStringLiteral("—"),
        };
        for (int col = 0; col < cells.size(); ++col) {
            auto* item = new QTableWidgetItem(cells.at(col));
            item->setData(Qt::UserRole, e.id);
            if (col == ColState && e.state == backup::BackupState::Failed)
                item->setIcon(icon(QStringLiteral("status-error")));
            if (col == ColState
                && (e.state == backup::BackupState::Cancelled || e.state == backup::BackupState::Expired))
                item->setIcon(icon(QStringLiteral("status-unknown")));
            if (col == ColVerified && last)
                item->setIcon(icon(*last->ok ? QStringLiteral("status-ok") : QStringLiteral("status-error")));
            if (!e.error.isEmpty())
                item->setToolTip(e.error);
            if (e.state == backup::BackupState::Expired)
                item->setToolTip(tr("pgBackRest expired this backup itself: it is gone from the repository."));
            m_table->setItem(row, col, item);
        }
    }
    m_table->resizeColumnsToContents();
}

void BackupsView::fillChart()
{
    auto* chart = new QChart;
    chart->setTitle(tr("Size over time"));
    // One line per backend: a pgBackRest set (compressed repository) and a native file are not one series.
    QMap<backup::Backend, QList<std::pair<qint64, double>>> data;
    double maxMb = 0;
    int count = 0;
    for (const backup::BackupEntry& e : m_snapshot.entries) {
        if (e.state != backup::BackupState::Complete && e.state != backup::BackupState::Pruned
            && e.state != backup::BackupState::Expired)
            continue;
        if (!e.sizeBytes)
            continue;
        const double mb = double(*e.sizeBytes) / (1024.0 * 1024.0);
        data[e.backend].append({ e.started.toMSecsSinceEpoch(), mb });
        maxMb = qMax(maxMb, mb);
        ++count;
    }
    QList<QAbstractSeries*> series;
    for (auto it = data.begin(); it != data.end(); ++it) {
        std::sort(it->begin(), it->end());
        auto* line = new QLineSeries(chart);
        line->setName(it.key() == backup::Backend::PgBackRest ? tr("pgBackRest") : tr("native"));
        auto* points = new QScatterSeries(chart);
        points->setMarkerSize(7);
        for (const auto& [ms, mb] : *it) {
            line->append(double(ms), mb);
            points->append(double(ms), mb);
        }
        chart->addSeries(line);
        chart->addSeries(points);
        points->setColor(line->color());
        points->setBorderColor(line->color());
        for (QLegendMarker* marker : chart->legend()->markers(points))
            marker->setVisible(false);
        series << line << points;
    }
    chart->legend()->setVisible(data.size() > 1);
    chart->legend()->setAlignment(Qt::AlignBottom);
    auto* x = new QDateTimeAxis(chart);
    x->setFormat(QStringLiteral("d MMM"));
    x->setTickCount(4); // a label every ten days: the narrow chart cuts no date short
    x->setTitleText(tr("Day"));
    const QDateTime now = m_snapshot.serverNow.isValid() ? m_snapshot.serverNow : QDateTime::currentDateTimeUtc();
    x->setRange(now.addDays(-30).toLocalTime(), now.toLocalTime());
    auto* y = new QValueAxis(chart);
    y->setTitleText(tr("MiB"));
    y->setRange(0, maxMb > 0 ? maxMb * 1.15 : 1);
    y->setLabelFormat(QStringLiteral("%.1f"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries* one : series) {
        one->attachAxis(x);
        one->attachAxis(y);
    }
    QChart* old = m_chart->chart();
    m_chart->setChart(chart);
    delete old;
    m_chart->setAccessibleName(tr("Backup sizes over the last 30 days: %n backup(s)", nullptr, count));
}

const backup::BackupEntry* BackupsView::latestComplete(backup::Backend backend) const
{
    // Entries come newest first.
    for (const backup::BackupEntry& e : m_snapshot.entries) {
        if (e.backend == backend && e.state == backup::BackupState::Complete)
            return &e;
    }
    return nullptr;
}

void BackupsView::setProgress(double percent, const QString& what)
{
    if (percent < 0) {
        m_progress->setRange(0, 0);
    } else {
        m_progress->setRange(0, 1000);
        m_progress->setValue(int(percent * 10));
    }
    if (!what.isEmpty())
        m_progress->setFormat(percent < 0 ? what : tr("%1 — %2%").arg(what, QLocale().toString(percent, 'f', 1)));
    // An indeterminate bar shows no text in every style: the line goes to its accessible name too.
    m_progress->setAccessibleName(m_progress->format());
    emit jobProgress(percent, what);
}

void BackupsView::runOffThread(JobWork work, std::function<void(Result<JobOutcome>)> done)
{
    auto cancel = m_cancel;
    QPointer<BackupsView> self(this);
    auto result = std::make_shared<std::optional<Result<JobOutcome>>>();
    m_thread = QThread::create([work = std::move(work), cancel, self, result] {
        const pgbackrest::Progress progress = [self](double percent, const QString& what) {
            QMetaObject::invokeMethod(qApp, [self, percent, what] {
                if (self)
                    self->setProgress(percent, what);
            });
        };
        result->emplace(work(progress, cancel.get()));
    });
    connect(m_thread, &QThread::finished, this, [this, result, done = std::move(done)] {
        m_thread->deleteLater();
        m_thread = nullptr;
        done(std::move(**result));
    });
    m_thread->start();
}

void BackupsView::startJob(Job job)
{
    m_cancel = m_session->cancelToken();
    for (QPushButton* b : { m_runButton, m_verifyButton, m_drillButton, m_emptyRunButton })
        b->setEnabled(false);
    m_cancelButton->show();
    m_cancelButton->setEnabled(true);
    m_progress->show();
    m_banner->hide();
    setProgress(-1,
                job == Job::Run          ? tr("Starting the backup")
                    : job == Job::Verify ? tr("Starting the verification")
                                         : tr("Starting the restore drill"));
}

void BackupsView::endJob(bool ok, const QString& message)
{
    const bool cancelled = m_cancel && m_cancel->load();
    m_cancel.reset();
    m_cancelButton->hide();
    m_progress->hide();
    updateActions(); // at once: the reload below only refreshes what they act on
    m_banner->showMessage(ok ? Level::Ok : cancelled ? Level::Warning : Level::Error, message);
    emit jobFinished(ok, message);
    reload();
}

void BackupsView::runBackup()
{
    if (isBusy() || !m_session->capabilities().canRunBackups)
        return;
    if (jobBackend() == JobBackend::Native) {
        startNative(Job::Run);
        return;
    }
    if (jobBackend() == JobBackend::None) {
        m_banner->showMessage(Level::Warning, nativeTarget().error().message);
        return;
    }
    startJob(Job::Run);
    const pgbackrest::Target t = target();
    const QDateTime started = QDateTime::currentDateTimeUtc();
    runOffThread(
        [t](const pgbackrest::Progress& progress, const std::atomic_bool* cancel) -> Result<JobOutcome> {
            pgbackrest::Runner runner(t);
            auto label = runner.backup(pgbackrest::BackupType::Incr, progress, cancel);
            if (!label)
                return label.error();
            if (progress)
                progress(-1, tr("Reading pgBackRest's information"));
            auto stanza = runner.rawInfo(cancel);
            if (!stanza)
                return stanza.error();
            return JobOutcome { stanza.value(), std::nullopt, std::nullopt, std::nullopt };
        },
        [this, t, started](Result<JobOutcome> outcome) {
            if (!outcome) {
                const Error error = outcome.error();
                if (error.code == QLatin1String("pgbackrest.cancelled")) {
                    endJob(false, tr("Backup cancelled: pgBackRest was stopped, nothing was recorded."));
                    return;
                }
                // A failed run is on the record too: the strip shows the day as failed, not as missing.
                backup::BackupEntry failed;
                failed.backend = backup::Backend::PgBackRest;
                failed.label = QStringLiteral("failed-run-%1").arg(started.toString(QStringLiteral("yyyyMMdd-HHmmss")));
                failed.started = started;
                failed.finished = QDateTime::currentDateTimeUtc();
                failed.state = backup::BackupState::Failed;
                failed.error = error.message;
                m_session->request(
                    this, [failed](Services& s) { return s.importBackup(failed); },
                    [this, error](Result<qint64>) { endJob(false, tr("The backup failed: %1").arg(error.message)); });
                return;
            }
            m_session->request(
                this, [stanza = *outcome->stanza](Services& s) { return s.importPgBackRest(stanza); },
                [this](Result<QMap<QString, qint64>> ids) {
                    if (!ids) {
                        endJob(false,
                               tr("The backup was made, but could not be recorded: %1").arg(ids.error().message));
                        return;
                    }
                    endJob(true, tr("Backup made and recorded."));
                });
        });
}

void BackupsView::verifyLatest()
{
    check(Job::Verify);
}

void BackupsView::drillLatest()
{
    check(Job::Drill);
}

void BackupsView::check(Job job)
{
    if (isBusy() || !m_session->capabilities().canRunBackups)
        return;
    if (jobBackend() == JobBackend::Native) {
        startNative(job);
        return;
    }
    if (jobBackend() != JobBackend::PgBackRest)
        return;
    const backup::BackupEntry* latest = latestComplete(backup::Backend::PgBackRest);
    if (!latest)
        return;
    startJob(job);
    const qint64 backupId = latest->id;
    const QString label = latest->label;
    const pgbackrest::Target t = target();
    pgbackrest::RestoreOptions options = m_restoreOptions;
    options.label = label;
    // The copy's art32 database is the profile's (the stanza backs up its cluster).
    if (options.erasureDatabase.isEmpty())
        options.erasureDatabase = m_session->profile().database;
    const auto kind = job == Job::Verify ? backup::CheckEntry::Kind::Verify : backup::CheckEntry::Kind::Drill;
    // The check is begun on the record first (server time), so its restore time cannot be longer than the check.
    // Then the erasure ledger: a restored copy must not hold an account erased since the backup (DESIGN.md §5).
    m_session->request(
        this,
        [backupId, kind](Services& s) -> Result<std::pair<qint64, QList<qint64>>> {
            auto id = s.backupCheckBegin(backupId, kind);
            if (!id)
                return id.error();
            auto erasures = s.backupErasures();
            if (!erasures) {
                const Error e = erasures.error();
                (void)s.backupCheckFinish(id.value(), false, std::nullopt, 0, e.message);
                return e;
            }
            return std::make_pair(id.value(), erasures.value());
        },
        [this, job, t, options](Result<std::pair<qint64, QList<qint64>>> begun) mutable {
            if (!begun) {
                endJob(false, begun.error().message);
                return;
            }
            options.erasures = begun->second;
            const qint64 checkId = begun->first;
            runOffThread(
                [t, options, job](const pgbackrest::Progress& progress,
                                  const std::atomic_bool* cancel) -> Result<JobOutcome> {
                    pgbackrest::Runner runner(t);
                    if (job == Job::Verify) {
                        if (auto verified = runner.verify(progress, cancel); !verified)
                            return verified.error();
                    }
                    auto check = runner.restoreCheck(options, progress, cancel);
                    if (!check)
                        return check.error();
                    return JobOutcome { std::nullopt, check.value(), std::nullopt, std::nullopt };
                },
                [this, job, id = checkId](Result<JobOutcome> outcome) {
                    const bool ok = outcome.ok();
                    const bool cancelled = !ok && outcome.error().code == QLatin1String("pgbackrest.cancelled");
                    std::optional<double> seconds;
                    int erasures = 0;
                    QString error;
                    if (ok) {
                        seconds = double(outcome->check->restoreMs) / 1000.0;
                        erasures = outcome->check->erasuresReapplied;
                    } else {
                        error = outcome.error().message;
                    }
                    m_session->request(
                        this,
                        [id, ok, cancelled, seconds, erasures, error](Services& s) {
                            // A check stopped by its login is cancelled on the record (0021), not failed.
                            return cancelled ? s.backupCheckCancel(id, error)
                                             : s.backupCheckFinish(id, ok, seconds, erasures, error);
                        },
                        [this, job, ok, cancelled, seconds, erasures, error](Result<void> recorded) {
                            if (!recorded) {
                                endJob(false, tr("The result could not be recorded: %1").arg(recorded.error().message));
                                return;
                            }
                            if (cancelled) {
                                endJob(false,
                                       job == Job::Verify
                                           ? tr("Verification cancelled: pgBackRest was stopped; the catalogue "
                                                "records the check as cancelled, not as failed.")
                                           : tr("Restore drill cancelled: pgBackRest was stopped; the catalogue "
                                                "records the drill as cancelled, not as failed."));
                                return;
                            }
                            if (!ok)
                                endJob(false,
                                       (job == Job::Verify ? tr("The verification failed: %1")
                                                           : tr("The restore drill failed: %1"))
                                           .arg(error));
                            else
                                endJob(true,
                                       (job == Job::Verify
                                            ? tr("Verified: the backup restored into a scratch copy in %1 and a "
                                                 "temporary server opened it; %n erasure(s) re-applied from the "
                                                 "ledger.",
                                                 nullptr, erasures)
                                            : tr("Restore drill done: restored in %1; %n erasure(s) re-applied "
                                                 "from the ledger.",
                                                 nullptr, erasures))
                                           .arg(timefmt::duration(qint64(*seconds))));
                        });
                });
        });
}

void BackupsView::startNative(Job job)
{
    const backup::BackupEntry* latest = job == Job::Run ? nullptr : latestComplete(backup::Backend::Native);
    if (job != Job::Run && !latest)
        return;
    auto t = nativeTarget();
    if (!t) {
        m_banner->showMessage(Level::Warning, t.error().message);
        return;
    }
    const backup::Target target = t.value();
    const qint64 backupId = latest ? latest->id : 0;
    // <the directory>/<label>, never the row's recorded path (review 20).
    const std::optional<QString> inDir = latest ? backup::fileIn(*latest, target.backupDir) : std::nullopt;
    if (latest && !inDir) {
        m_banner->showMessage(
            Level::Warning,
            tr("Backup %1 is not a file of the backup directory: it is not opened.").arg(latest->label));
        return;
    }
    const QString file = inDir.value_or(QString());
    // The bar's estimate: a run against the last native backup's size, a restore against the file's.
    qint64 expected = 0;
    if (job == Job::Run) {
        if (const backup::BackupEntry* last = latestComplete(backup::Backend::Native); last && last->sizeBytes)
            expected = *last->sizeBytes;
    } else {
        expected = QFileInfo(file).size();
    }
    startJob(job);
    const QString action = job == Job::Run ? QStringLiteral("run")
        : job == Job::Verify               ? QStringLiteral("verify")
                                           : QStringLiteral("drill");
    // 1. The server decides (an unlocked CTO or sysadmin) and records who asked, on this admin's own connection.
    m_session->request(
        this, [action, backupId](Services& s) { return s.backupRequested(action, backupId); },
        [this, job, target, file, expected](Result<void> allowed) {
            if (!allowed) {
                endJob(false, tr("The server refused: %1").arg(allowed.error().message));
                return;
            }
            if (m_cancel && m_cancel->load()) {
                endJob(false, tr("Cancelled before it started: nothing was recorded."));
                return;
            }
            // 2. The backup key, where `art32ctl backup` finds it (backup::loadKey): the profile's key file, else
            // this database's entry in the keychain, read asynchronously.
            QPointer<BackupsView> self(this);
            QPointer<Keychain> keychain(m_session->keychain());
            const backup::KeychainRead readKeychain = [self, keychain](const QString& entry,
                                                                       const Keychain::Callback& answer) {
                if (!keychain) {
                    answer({ Keychain::Status::NoService, Keychain::messageFor(Keychain::Status::NoService), {} });
                    return;
                }
                keychain->read(entry, answer, self.data());
            };
            backup::loadKey(m_session->profile(), QString(), readKeychain,
                            [self, job, target, file, expected](Result<SecureBytes> key) {
                                if (!self)
                                    return;
                                if (!key) {
                                    self->endJob(false, key.error().message);
                                    return;
                                }
                                if (self->m_cancel && self->m_cancel->load()) {
                                    self->endJob(false, tr("Cancelled before it started: nothing was recorded."));
                                    return;
                                }
                                self->runNative(job, target, std::make_shared<SecureBytes>(std::move(key.value())),
                                                file, expected);
                            });
        });
}

void BackupsView::runNative(Job job, const backup::Target& target, std::shared_ptr<SecureBytes> key,
                            const QString& file, qint64 expectedBytes)
{
    runOffThread(
        [job, target, key, file, expectedBytes](const pgbackrest::Progress& progress,
                                                const std::atomic_bool* cancel) -> Result<JobOutcome> {
            // The backup login's own connection, on this thread (the session's stays free for the window).
            Database db(target.connection);
            if (auto opened = db.openWithoutPassword(); !opened)
                return opened.error();
            const backup::Progress bytes = [progress, job, expectedBytes](qint64 n) {
                if (!progress)
                    return;
                const QString size = QLocale().formattedDataSize(n);
                const double percent = expectedBytes > 0 ? qMin(99.0, 100.0 * double(n) / double(expectedBytes)) : -1.0;
                if (job == Job::Run)
                    progress(percent, tr("Backing up: %1 written").arg(size));
                else
                    progress(percent,
                             (job == Job::Verify ? tr("Verifying: restoring into a scratch database, %1 of %2 read")
                                                 : tr("Restore drill: restoring, %1 of %2 read"))
                                 .arg(size, QLocale().formattedDataSize(expectedBytes)));
            };
            JobOutcome out;
            if (job == Job::Run) {
                if (progress)
                    progress(-1, tr("Backing up: pg_dump is exporting a snapshot"));
                auto r = backup::run(db, target, *key, bytes, cancel);
                db.close();
                if (!r)
                    return r.error();
                out.run = r.value();
                return out;
            }
            if (progress)
                progress(-1,
                         job == Job::Verify ? tr("Verifying: decrypting into a scratch database")
                                            : tr("Restore drill: decrypting into a scratch database"));
            backup::RestoreOptions options;
            options.mode = job == Job::Verify ? backup::Mode::Verify : backup::Mode::Drill;
            // After pg_restore: the comparison with the header and the erasures, seconds on a big database.
            options.phase = [progress](backup::Phase phase) {
                if (progress && phase != backup::Phase::Restore)
                    progress(-1, backup::phaseText(phase));
            };
            auto r = backup::restore(db, target, file, *key, options, bytes, cancel);
            db.close();
            if (!r)
                return r.error();
            out.restored = r.value();
            return out;
        },
        [this, job](Result<JobOutcome> outcome) {
            if (!outcome) {
                const Error error = outcome.error();
                if (error.code == QLatin1String("interrupted")) {
                    endJob(false,
                           job == Job::Run ? tr("Backup cancelled: no file was kept, and the catalogue records the "
                                                "run as cancelled.")
                               : job == Job::Verify
                               ? tr("Verification cancelled: the scratch database was dropped; the catalogue records "
                                    "the check as cancelled, not as failed.")
                               : tr("Restore drill cancelled: the scratch database was dropped; the catalogue "
                                    "records the drill as cancelled, not as failed."));
                    return;
                }
                endJob(false,
                       (job == Job::Run          ? tr("The backup failed: %1")
                            : job == Job::Verify ? tr("The verification failed: %1")
                                                 : tr("The restore drill failed: %1"))
                           .arg(error.message));
                return;
            }
            if (job == Job::Run) {
                const backup::RunResult& r = *outcome->run;
                endJob(true,
                       tr("Backup written: %1 (%2), recorded in the catalogue.")
                           .arg(QFileInfo(r.file).fileName(), QLocale().formattedDataSize(r.sizeBytes)));
                return;
            }
            const backup::RestoreResult& r = *outcome->restored;
            const QString took = timefmt::duration(qint64(r.restoreSeconds + 0.5));
            if (job == Job::Verify)
                endJob(true,
                       tr("Verified: restored into a scratch database in %1; the rows and checksums of %n table(s) "
                          "match its header.",
                          nullptr, int(r.restored.size()))
                           .arg(took));
            else
                endJob(true,
                       tr("Restore drill done: restored in %1; %n erasure(s) re-applied from the ledger.", nullptr,
                          r.erasuresReapplied)
                           .arg(took));
        });
}

void BackupsView::cancel()
{
    if (m_cancel) {
        m_cancel->store(true);
        m_cancelButton->setEnabled(false);
    }
}

} // namespace art32::ui
