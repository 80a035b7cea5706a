#include "overview/OverviewView.h"

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

    auto* tiles = new QGridLayout;
    tiles->addWidget(m_connectionTile, 0, 0);
    tiles->addWidget(m_schemaTile, 0, 1);
    tiles->addWidget(m_keysTile, 1, 0);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(m_heading);
    layout->addLayout(tiles);
    layout->addStretch(1);

    connect(m_banner, &Banner::actionTriggered, m_session, &Session::open);
    connect(m_connectionTile, &StatusTile::activated, m_session, &Session::refresh);
    connect(m_schemaTile, &StatusTile::activated, m_session, &Session::refresh);
    connect(m_keysTile, &StatusTile::activated, m_session, &Session::refresh);
    connect(m_session, &Session::stateChanged, this, &OverviewView::showStatus);
    connect(m_session, &Session::serverInfoChanged, this, &OverviewView::showStatus);
    retranslate();
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
    showStatus();
}

void OverviewView::showStatus()
{
    const ServerInfo& info = m_session->serverInfo();
    switch (m_session->state()) {
    case Session::State::Unlocked:
        m_banner->hide();
        m_connectionTile->setStatus(Level::Ok,
                                    tr("PostgreSQL %1, database %2, unlocked as %3.")
                                        .arg(info.serverVersion, info.database, m_session->admin().login));
        break;
    case Session::State::Failed:
        m_banner->showMessage(Level::Error, m_session->lastError().message, tr("Retry"));
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

} // namespace art32::ui
