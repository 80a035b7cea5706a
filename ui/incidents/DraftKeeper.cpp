#include "incidents/DraftKeeper.h"

#include "core/TimeFormat.h"
#include "session/Session.h"
#include "widgets/Icons.h"

#include <QFile>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTimer>
#include <algorithm>

namespace art32::ui {

using incidents::Draft;

namespace {

QByteArray canonical(const QJsonObject& fields)
{
    return QJsonDocument(fields).toJson(QJsonDocument::Compact);
}

QString when(const QDateTime& t)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    return qAbs(t.secsTo(now)) < 20 * 3600 ? timefmt::timeOfDay(t) : timefmt::absolute(t);
}

} // namespace

DraftKeeper::DraftKeeper(Session* session, Form form, bool enabled, QWidget* view)
    : QObject(view)
    , m_session(session)
    , m_form(std::move(form))
    , m_enabled(enabled)
    , m_store(std::make_unique<incidents::DraftStore>(session->profile().name))
    , m_timer(new QTimer(this))
    , m_banner(new QFrame(view))
    , m_icon(new QLabel(m_banner))
    , m_text(new QLabel(m_banner))
    , m_restore(new QPushButton(tr("Restore"), m_banner))
    , m_discard(new QPushButton(tr("Discard"), m_banner))
    , m_dismiss(new QPushButton(tr("Dismiss"), m_banner))
{
    setObjectName(QStringLiteral("draftKeeper"));
    m_banner->setObjectName(QStringLiteral("draftBanner"));
    m_banner->setFrameShape(QFrame::StyledPanel);
    m_banner->setAutoFillBackground(true);
    m_text->setObjectName(QStringLiteral("draftBannerLabel"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_restore->setObjectName(QStringLiteral("restoreDraftButton"));
    m_discard->setObjectName(QStringLiteral("discardDraftButton"));
    m_dismiss->setObjectName(QStringLiteral("dismissDraftButton"));
    auto* layout = new QHBoxLayout(m_banner);
    layout->addWidget(m_icon);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_restore);
    layout->addWidget(m_discard);
    layout->addWidget(m_dismiss);
    m_banner->hide();
    connect(m_restore, &QPushButton::clicked, this, &DraftKeeper::restore);
    connect(m_discard, &QPushButton::clicked, this, &DraftKeeper::discard);
    connect(m_dismiss, &QPushButton::clicked, this, [this] {
        hideBanner();
        offerPending(); // the next draft, if another one waits
    });
    if (!m_enabled)
        return;
    // Leaving Unlocked (a lock, a lost connection, a failure): what is typed is written at once, while the form and
    // the key are still here (a lock deletes the window right after).
    connect(session, &Session::stateChanged, this, [this](Session::State state) {
        if (state != Session::State::Unlocked)
            flush();
    });
    connect(m_timer, &QTimer::timeout, this, &DraftKeeper::flush);
    m_timer->start(kIntervalMs);
    if (Keychain* keychain = session->keychain())
        incidents::obtainDraftKey(*keychain, session->profile().name, this,
                                  [this](Result<std::shared_ptr<SecureBytes>> key) { keyArrived(std::move(key)); });
}

DraftKeeper::~DraftKeeper() = default;

void DraftKeeper::setInterval(int ms)
{
    m_timer->setInterval(ms);
}

void DraftKeeper::keyArrived(Result<std::shared_ptr<SecureBytes>> key)
{
    if (!key) {
        // No keychain, no drafts: never a weaker place for the key.
        showProblem(key.error().message);
        return;
    }
    m_key = key.value();
    offerPending();
}

void DraftKeeper::offerPending()
{
    if (!m_key || m_offer || !m_banner->isHidden())
        return; // one thing at a time: an offer, or a problem until dismissed
    // The incident in the form first, then the newest other draft.
    const QString current = Draft::nameFor(m_form.currentId());
    QStringList names = m_store->pending();
    std::reverse(names.begin(), names.end());
    if (names.removeAll(current) > 0)
        names.prepend(current);
    for (const QString& name : std::as_const(names)) {
        if (name == current && m_written.contains(name))
            continue; // the form holds this input: the draft is its autosave
        if (offer(name) || !m_banner->isHidden())
            return;
    }
}

bool DraftKeeper::offer(const QString& name)
{
    const auto read = m_store->read(name, *m_key);
    if (!read) {
        showProblem(read.error().message);
        return false;
    }
    if (!read.value() || read.value()->fields.isEmpty())
        return false;
    m_offer = *read.value();
    const int n = int(m_offer->fields.size());
    const QString text = m_offer->id() == 0 ? tr("Unsaved title of a new incident from %1.").arg(when(m_offer->savedAt))
                                            : tr("Unsaved changes to incident %1 from %2 (%n field(s)).", nullptr, n)
                                                  .arg(m_offer->incident, when(m_offer->savedAt));
    const int size = m_banner->style()->pixelMetric(QStyle::PM_SmallIconSize) * 3 / 2;
    m_icon->setPixmap(levelIcon(Level::Warning).pixmap(size, size));
    m_icon->setAccessibleName(levelWord(Level::Warning));
    m_text->setText(text);
    m_banner->setAccessibleName(text);
    m_restore->show();
    m_discard->show();
    m_dismiss->hide();
    m_banner->show();
    return true;
}

void DraftKeeper::restore()
{
    if (!m_offer)
        return;
    const qint64 id = m_offer->id();
    if (id != 0 && id != m_form.currentId()) {
        m_restoreOnLoad = id; // applied once the form shows it (filled())
        m_form.open(id);
        return;
    }
    const Draft draft = *m_offer;
    m_offer.reset();
    hideBanner();
    m_form.apply(id, draft.fields);
    // Written again by the next autosave, under the version it is now typed over.
    m_written.remove(draft.incident);
    if (id != 0 && draft.baseVersion == m_form.currentVersion())
        showMessage(
            Level::Ok,
            tr("%n field(s) of incident %1 restored. They are not saved yet.", nullptr, int(draft.fields.size()))
                .arg(id));
    else if (id != 0)
        showProblem(tr("Incident %1 was saved by someone since these changes were made (version %2, now %3): check "
                       "the restored fields before you save.")
                        .arg(id)
                        .arg(draft.baseVersion)
                        .arg(m_form.currentVersion()));
}

void DraftKeeper::discard()
{
    if (!m_offer)
        return;
    const QString name = m_offer->incident;
    m_offer.reset();
    m_restoreOnLoad = -1;
    hideBanner();
    if (!m_store->remove(name))
        showProblem(tr("Could not delete the draft %1.").arg(m_store->pathFor(name)));
    m_written.remove(name);
    offerPending();
}

void DraftKeeper::flush()
{
    if (!m_enabled || !m_key)
        return;
    const qint64 id = m_form.currentId();
    const QString name = Draft::nameFor(id);
    if (name == m_suppressed || (m_offer && m_offer->incident == name))
        return; // just saved; or a draft of it waits for Restore or Discard and must not be overwritten
    const QJsonObject fields = m_form.unsaved();
    if (fields.isEmpty()) {
        // Back to what the server has: a draft this keeper wrote is no longer needed.
        if (m_written.contains(name) && m_store->remove(name))
            m_written.remove(name);
        return;
    }
    const QByteArray content = canonical(fields);
    if (m_written.value(name) == content)
        return;
    Draft draft;
    draft.incident = name;
    draft.baseVersion = id ? m_form.currentVersion() : 0;
    draft.savedAt = QDateTime::currentDateTimeUtc();
    draft.fields = fields;
    if (const auto written = m_store->write(draft, *m_key); !written) {
        showProblem(written.error().message);
        return;
    }
    m_written.insert(name, content);
}

void DraftKeeper::filled(qint64 id)
{
    const QString name = Draft::nameFor(id);
    m_suppressed.clear();
    if (m_restoreOnLoad == id && m_offer && m_offer->id() == id) {
        m_restoreOnLoad = -1;
        restore();
        return;
    }
    m_restoreOnLoad = -1;
    if (!m_key || (m_offer && m_offer->incident == name) || !QFile::exists(m_store->pathFor(name)))
        return;
    // The form now shows the server's values: a draft of this incident (also one written a moment ago, when the form
    // left it) is offered back, before any other.
    m_written.remove(name);
    m_offer.reset();
    hideBanner();
    if (!offer(name) && m_banner->isHidden())
        offerPending();
}

void DraftKeeper::saved(qint64 id)
{
    const QString name = Draft::nameFor(id);
    m_suppressed = name;
    m_written.remove(name);
    if (m_offer && m_offer->incident == name) {
        m_offer.reset();
        hideBanner();
    }
    if (m_enabled && !m_store->remove(name))
        showProblem(tr("The incident was saved, but its draft %1 could not be deleted.").arg(m_store->pathFor(name)));
}

void DraftKeeper::showProblem(const QString& message)
{
    showMessage(Level::Error, message);
}

void DraftKeeper::showMessage(Level level, const QString& message)
{
    if (m_offer)
        return; // an offer on screen stays; a problem is logged by the store
    m_lastProblem = message;
    const int size = m_banner->style()->pixelMetric(QStyle::PM_SmallIconSize) * 3 / 2;
    m_icon->setPixmap(levelIcon(level).pixmap(size, size));
    m_icon->setAccessibleName(levelWord(level));
    m_text->setText(message);
    m_banner->setAccessibleName(message);
    m_restore->hide();
    m_discard->hide();
    m_dismiss->show();
    m_banner->show();
}

void DraftKeeper::hideBanner()
{
    m_banner->hide();
    m_text->clear();
}

} // namespace art32::ui
