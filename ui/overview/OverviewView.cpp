#include "overview/OverviewView.h"

#include "core/TimeFormat.h"
#include "session/Services.h"
#include "session/Session.h"
#include "widgets/Banner.h"
#include "widgets/StatusTile.h"

#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace art32::ui {

OverviewView::OverviewView(Session* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_heading(new QLabel(this))
    , m_banner(new Banner(this))
    , m_connectionTile(new StatusTile(this))
    , m_schemaTile(new StatusTile(this))
    , m_keysTile(new StatusTile(this))
    , m_adminsTile(new StatusTile(this))
    , m_grantsTile(new StatusTile(this))
{
    setObjectName(QStringLiteral("overviewWidget"));
    m_heading->setObjectName(QStringLiteral("headingLabel"));
    QFont f = m_heading->font();
    f.setPointSizeF(f.pointSizeF() * 1.4);
    f.setBold(true);
    m_heading->setFont(f);
    m_connectionTile->setObjectName(QStringLiteral("connectionTile"));
    m_schemaTile->setObjectName(QStringLiteral("schemaTile"));
    m_keysTile->setObjectName(QStringLiteral("keysTile"));
    m_adminsTile->setObjectName(QStringLiteral("adminsTile"));
    m_grantsTile->setObjectName(QStringLiteral("grantsTile"));
    const bool access = m_session->capabilities().canSeeAccess;
    m_adminsTile->setVisible(access);
    m_grantsTile->setVisible(access);

    auto* tiles = new QGridLayout;
    tiles->addWidget(m_connectionTile, 0, 0);
    tiles->addWidget(m_schemaTile, 0, 1);
    tiles->addWidget(m_keysTile, 1, 0);
    tiles->addWidget(m_adminsTile, 1, 1);
    tiles->addWidget(m_grantsTile, 2, 0);
    // Issue 11: the last integrity scan, for every role (it reads the audit events of scans).
    m_scanTile = new StatusTile(this);
    m_scanTile->setObjectName(QStringLiteral("scanTile"));
    tiles->addWidget(m_scanTile, 2, 1);
    connect(m_scanTile, &StatusTile::activated, this, [this] { emit viewRequested(QStringLiteral("accountsWidget")); });
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(m_heading);
    layout->addLayout(tiles);
    layout->addStretch(1);

    connect(m_banner, &Banner::actionTriggered, m_session, &Session::open);
    // Connection and schema: lost or failed, the click tries again; otherwise About has the details (server, TLS,
    // schema and library versions).
    for (StatusTile* tile : { m_connectionTile, m_schemaTile })
        connect(tile, &StatusTile::activated, this, [this] {
            if (m_session->state() == Session::State::Unlocked)
                emit aboutRequested();
            else
                m_session->refresh(); // reconnects when lost, opens again when failed
        });
    // Keys, admins and grants are fixed in the Access view (for the roles that have it).
    for (StatusTile* tile : { m_keysTile, m_adminsTile, m_grantsTile })
        connect(tile, &StatusTile::activated, this, [this] {
            if (m_session->capabilities().canSeeAccess)
                emit viewRequested(QStringLiteral("accessWidget"));
            else
                m_session->refresh();
        });
    connect(m_session, &Session::stateChanged, this, [this] {
        if (m_session->state() == Session::State::Unlocked)
            loadChecks();
    });
    connect(m_session, &Session::stateChanged, this, &OverviewView::showStatus);
    connect(m_session, &Session::serverInfoChanged, this, &OverviewView::showStatus);
    connect(m_session, &Session::serverInfoChanged, this, [this] {
        if (m_session->state() == Session::State::Unlocked)
            loadChecks(); // F5 and key reloads check again
    });
    retranslate();
    if (m_session->state() == Session::State::Unlocked)
        loadChecks();
}

void OverviewView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void OverviewView::retranslate()
{
    m_heading->setText(tr("Overview"));
    m_connectionTile->setTitle(tr("Database connection"));
    m_schemaTile->setTitle(tr("Database schema"));
    m_keysTile->setTitle(tr("Encryption keys"));
    m_adminsTile->setTitle(tr("Administrators"));
    m_grantsTile->setTitle(tr("Access grants"));
    m_scanTile->setTitle(tr("Integrity scan"));
    showStatus();
}

void OverviewView::showStatus()
{
    const ServerInfo& info = m_session->serverInfo();
    switch (m_session->state()) {
    case Session::State::Unlocked: {
        m_banner->hide();
        const QString server = tr("PostgreSQL %1, database %2, unlocked as %3.")
                                   .arg(info.serverVersion, info.database, m_session->admin().login);
        if (m_session->profile().usesUnixSocket())
            m_connectionTile->setStatus(Level::Ok, tr("Local socket (no network). %1").arg(server));
        else if (info.tls)
            m_connectionTile->setStatus(
                Level::Ok, tr("%1, server certificate verified (verify-full). %2").arg(info.tlsVersion, server));
        else // Profile::validateConnection refuses this; if it ever happens, it is not all right
            m_connectionTile->setStatus(Level::Error, tr("Not encrypted over the network. %1").arg(server));
        break;
    }
    case Session::State::Failed:
        m_banner->showMessage(Level::Error, m_session->lastError().message, tr("Retry"));
        m_connectionTile->setStatus(Level::Error, m_session->lastError().message);
        break;
    case Session::State::ConnectionLost:
        // The window's own banner offers Reconnect; the tile says what is wrong.
        m_banner->hide();
        m_connectionTile->setStatus(Level::Error, m_session->lastError().message);
        break;
    case Session::State::Disconnected:
    case Session::State::ReadingKeychain:
    case Session::State::Connecting:
    case Session::State::NeedsEnrollment:
    case Session::State::Locked:
    case Session::State::Unlocking:
        m_connectionTile->setStatus(Level::Unknown, Session::describe(m_session->state()));
        break;
    }

    switch (info.keys) {
    case ServerInfo::Keys::Open:
        m_keysTile->setStatus(Level::Ok,
                              tr("Key-encryption key version %1 is open in guarded memory; it is wiped "
                                 "when the console locks.")
                                  .arg(info.kekVersion));
        break;
    case ServerInfo::Keys::NoneSealed:
        if (!m_session->capabilities().holdsKeys)
            m_keysTile->setStatus(Level::Ok, tr("Auditors hold no encryption keys: personal data stays sealed."));
        else
            m_keysTile->setStatus(Level::Warning,
                                  tr("No key-encryption key is sealed to you yet. A CTO gives it with "
                                     "\"art32ctl admin seal-keys %1\".")
                                      .arg(m_session->admin().login));
        break;
    case ServerInfo::Keys::PrivateKeyMissing:
    case ServerInfo::Keys::OpenFailed:
        m_keysTile->setStatus(Level::Error, info.keysDetail);
        break;
    case ServerInfo::Keys::NotLoaded:
        m_keysTile->setStatus(Level::Unknown, tr("Opened after unlock."));
        break;
    }

    showChecks();
    showScan();

    if (!info.schemaKnown) {
        m_schemaTile->setStatus(Level::Unknown, tr("Not known until the console is connected."));
    } else if (info.schema.databaseNewer()) {
        m_schemaTile->setStatus(Level::Error,
                                tr("The database is at version %1, newer than this console knows (%2): "
                                   "update Art32 Console.")
                                    .arg(info.schema.current)
                                    .arg(info.schema.latest));
    } else if (!info.schema.pending.isEmpty()) {
        m_schemaTile->setStatus(Level::Warning,
                                tr("Version %1; %n migration(s) waiting: run \"art32ctl db migrate\".", nullptr,
                                   static_cast<int>(info.schema.pending.size()))
                                    .arg(info.schema.current));
    } else {
        m_schemaTile->setStatus(Level::Ok, tr("Version %1, up to date.").arg(info.schema.current));
    }
}

void OverviewView::loadChecks()
{
    const Capabilities may = m_session->capabilities();
    m_session->request(
        this, [](Services& s) { return s.lastScan(); },
        [this](Result<std::optional<records::ScanResult>> scan) {
            if (scan) {
                m_lastScan = scan.value();
                m_scanLoaded = true;
            }
            showScan();
        });
    if (may.canSeeAccess) // CTO and auditor: the server gives them the count
        m_session->request(
            this, [](Services& s) { return s.adminsLockedOut(); },
            [this](Result<int> locked) {
                m_lockedOut = locked ? locked.value() : -1;
                showChecks();
            });
    if (may.canRotateKeys)
        m_session->request(
            this, [](Services& s) { return s.keyStatus(); },
            [this](Result<rotation::KeyStatus> status) {
                if (status) {
                    m_openRotations = status->open;
                    showStatus();
                }
            });
    if (!may.canSeeAccess)
        return;
    m_session->request(
        this, [](Services& s) { return s.admins(); },
        [this](Result<QList<AdminInfo>> admins) {
            if (admins) {
                m_admins = std::move(admins).value();
                m_checksLoaded = true;
                showChecks();
            }
        });
    m_session->request(
        this, [](Services& s) { return s.grants(true); },
        [this](Result<QList<AccessGrant>> grants) {
            if (grants) {
                m_grants = std::move(grants).value();
                showChecks();
            }
        });
}

void OverviewView::showChecks()
{
    // A paused or unfinished rotation is amber on the keys tile, whatever the keys held.
    if (!m_openRotations.isEmpty() && m_session->serverInfo().keys == ServerInfo::Keys::Open) {
        const auto& open = m_openRotations.first();
        m_keysTile->setStatus(Level::Warning,
                              tr("A %1 rotation from version %2 to %3 is not finished: resume it in Access → Keys.")
                                  .arg(open.kind == KeyKind::Kek ? tr("KEK") : tr("index-key"))
                                  .arg(open.fromVersion)
                                  .arg(open.toVersion));
    }
    if (!m_checksLoaded) {
        m_adminsTile->setStatus(Level::Unknown, tr("Checked after unlock."));
        m_grantsTile->setStatus(Level::Unknown, tr("Checked after unlock."));
        return;
    }
    int notEnrolled = 0;
    for (const AdminInfo& a : m_admins)
        if (!a.enrolledAt.isValid() && !a.disabledAt.isValid())
            ++notEnrolled;
    if (m_lockedOut > 0)
        // Wrong codes lock an admin for a while: the admin, or someone with the password, guessed.
        m_adminsTile->setStatus(
            Level::Warning,
            tr("%n administrator(s) locked out by wrong codes now.", nullptr, m_lockedOut)
                + (notEnrolled > 0 ? QLatin1Char(' ') + tr("%n not enrolled yet.", nullptr, notEnrolled) : QString()));
    else if (notEnrolled > 0)
        m_adminsTile->setStatus(Level::Warning,
                                tr("%n administrator(s) not enrolled yet: they cannot unlock.", nullptr, notEnrolled));
    else
        m_adminsTile->setStatus(Level::Ok,
                                tr("%n administrator(s), all enrolled.", nullptr, static_cast<int>(m_admins.size())));
    const QDateTime soon = QDateTime::currentDateTimeUtc().addSecs(3600);
    int expiring = 0;
    for (const AccessGrant& g : m_grants)
        if (g.expiresAt < soon)
            ++expiring;
    if (m_grants.isEmpty())
        m_grantsTile->setStatus(Level::Ok, tr("No access grant is active."));
    else if (expiring > 0)
        m_grantsTile->setStatus(Level::Warning,
                                tr("%n active grant(s), ", nullptr, static_cast<int>(m_grants.size()))
                                    + tr("%n ending within the hour.", nullptr, expiring));
    else
        m_grantsTile->setStatus(
            Level::Ok,
            tr("%n active grant(s), none ending within the hour.", nullptr, static_cast<int>(m_grants.size())));
}

void OverviewView::showScan()
{
    if (!m_scanLoaded) {
        m_scanTile->setStatus(Level::Unknown, tr("Checked after unlock."));
        return;
    }
    const bool canScan = m_session->capabilities().canScan;
    if (!m_lastScan) {
        m_scanTile->setStatus(Level::Warning,
                              canScan ? tr("No integrity scan recorded yet: run one in Accounts.")
                                      : tr("No integrity scan recorded yet."));
        return;
    }
    const records::ScanResult& s = *m_lastScan;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString when = timefmt::absoluteAndRelative(s.at, now);
    constexpr qint64 kStaleDays = 7;
    if (s.failed > 0)
        m_scanTile->setStatus(
            Level::Error,
            tr("%n item(s) failed authentication in the scan of %1 by %2.", nullptr, static_cast<int>(s.failed))
                .arg(when, s.by));
    else if (s.cancelled)
        m_scanTile->setStatus(
            Level::Warning,
            tr("The last scan (%1, by %2) was cancelled after %L3 accounts.").arg(when, s.by).arg(s.accounts));
    else if (s.at.daysTo(now) >= kStaleDays)
        m_scanTile->setStatus(Level::Warning, tr("The last scan was %1: run one again.").arg(when));
    else if (s.accounts < s.accountsInDatabase)
        m_scanTile->setStatus(Level::Warning,
                              tr("The last scan (%1, by %2) covered %L3 of %L4 accounts; none failed.")
                                  .arg(when, s.by)
                                  .arg(s.accounts)
                                  .arg(s.accountsInDatabase));
    else
        m_scanTile->setStatus(Level::Ok,
                              tr("Last scan %1 by %2: %L3 accounts and %L4 records, none failed.")
                                  .arg(when, s.by)
                                  .arg(s.accounts)
                                  .arg(s.records));
}

} // namespace art32::ui
