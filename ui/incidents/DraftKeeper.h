#pragma once

#include "incidents/Drafts.h"
#include "widgets/Icons.h"

#include <QFrame>
#include <QHash>
#include <QJsonObject>
#include <functional>
#include <memory>
#include <optional>

class QLabel;
class QPushButton;
class QTimer;

namespace art32 {
class Session;
}

namespace art32::ui {

/**
 * The incident form's drafts (issue 14): autosaves the form's unsaved input every few seconds and at once when the
 * session locks, the connection is lost, a save fails, the form moves to another incident or the view closes; and
 * offers a draft back in its banner ("Unsaved changes to incident 12 from 10:42 CET (3 fields) — Restore /
 * Discard") when the view opens or that incident is shown. Encryption, key and files are app/incidents/Drafts.
 *
 * The form is reached through Form's functions only, so IncidentsView keeps a few hook calls. A draft that is offered
 * and not yet restored or discarded is never overwritten by autosave. Inert (no keychain, no files) when disabled:
 * a role that cannot save incidents has no input to keep.
 */
class DraftKeeper : public QObject
{
    Q_OBJECT
public:
    struct Form
    {
        std::function<qint64()> currentId; ///< the incident in the form, 0 for none (then the draft is "new")
        std::function<int()> currentVersion;
        std::function<QJsonObject()> unsaved; ///< the changed fields ({"title": …} of a new incident for id 0)
        std::function<void(qint64 id, const QJsonObject& fields)> apply; ///< into the form (id is currentId())
        std::function<void(qint64 id)> open; ///< loads another incident into the form (then filled() is called)
    };

    static constexpr int kIntervalMs = 3000;

    DraftKeeper(Session* session, Form form, bool enabled, QWidget* view);
    ~DraftKeeper() override;

    /** The banner to place in the view's layout: hidden until there is a draft to offer or a problem to say. */
    QWidget* banner() const { return m_banner; }
    /** The draft key came from the keychain: drafts are kept. */
    bool ready() const { return m_key != nullptr; }
    const incidents::DraftStore& store() const { return *m_store; }
    void setInterval(int ms);

    /** Writes the form's unsaved input now (nothing when there is none, or it is already written). */
    void flush();
    /** The form shows incident id (after a load): offers its draft, or restores the one the user asked for. */
    void filled(qint64 id);
    /** The server took the form's input for id: its draft goes (and is not written again until the next load). */
    void saved(qint64 id);

private:
    void keyArrived(Result<std::shared_ptr<SecureBytes>> key);
    void offerPending();
    /** Reads a draft to offer; false when there is none or it was set aside (the banner then says why). */
    bool offer(const QString& name);
    void restore();
    void discard();
    void showProblem(const QString& message);
    void showMessage(Level level, const QString& message); ///< with Dismiss
    void hideBanner();

    Session* m_session;
    Form m_form;
    bool m_enabled;
    std::unique_ptr<incidents::DraftStore> m_store;
    std::shared_ptr<SecureBytes> m_key;
    QTimer* m_timer;
    QFrame* m_banner;
    QLabel* m_icon;
    QLabel* m_text;
    QPushButton* m_restore;
    QPushButton* m_discard;
    QPushButton* m_dismiss;
    std::optional<incidents::Draft> m_offer; ///< shown in the banner, not decided yet
    qint64 m_restoreOnLoad = -1; ///< the user chose Restore for an incident that is being loaded
    QHash<QString, QByteArray> m_written; ///< what this keeper last wrote per draft name (skip identical rewrites)
    QString m_suppressed; ///< saved: not written again until the next load
    QString m_lastProblem;
};

} // namespace art32::ui
