#pragma once

// Incident drafts (issue 14, DESIGN.md §6): the form's unsaved input, kept on this machine between autosaves,
// encrypted with a per-profile key that lives in the OS keychain only. The file format is docs/FORMAT.md §14 ("Incident
// drafts").
#include "core/Result.h"
#include "crypto/SecureBytes.h"

#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>
#include <functional>
#include <memory>
#include <optional>

namespace art32 {
class Keychain;
}

namespace art32::incidents {

/** The unsaved input of one incident's form (or of a new incident's title), as a draft file holds it. */
struct Draft
{
    QString incident; ///< the incident's id in decimal, or "new"
    int baseVersion = 0; ///< the incident's version the input was typed over (0 for a new one)
    QDateTime savedAt; ///< UTC, when this draft was written
    /** Changed fields by key (fieldSpecs()): a null clears one; text that does not parse yet is kept as text. */
    QJsonObject fields;

    /** The name of an incident's draft: its id, or "new" for 0. */
    static QString nameFor(qint64 id) { return id > 0 ? QString::number(id) : QStringLiteral("new"); }
    qint64 id() const { return incident == QLatin1String("new") ? 0 : incident.toLongLong(); }
};

namespace drafts {

constexpr int kKeyBytes = 32;

/** The keychain entry that holds a profile's draft key (32 random bytes): "profile/<name>/incident-draft-key". */
QString keychainKey(const QString& profile);

/**
 * The file's bytes for a draft: header (magic, version, key id, nonce) and the padded JSON sealed with
 * XChaCha20-Poly1305 under the key, with the header, the profile and the incident as associated data.
 */
QByteArray seal(const Draft& draft, const SecureBytes& key, const QString& profile);

/**
 * Opens a draft file's bytes for the given profile and incident. Errors (translated): draft.truncated (cut short),
 * draft.format (not a draft file, or a newer format), draft.wrong_key (made with another draft key),
 * draft.tampered (fails authentication: changed, damaged, or moved from another incident or profile).
 */
Result<Draft> open(const QByteArray& bytes, const SecureBytes& key, const QString& profile, const QString& incident);

} // namespace drafts

/**
 * One profile's drafts on disk: `<AppLocalDataLocation>/drafts/<profile>/<incident>.draft`, each file 0600 in
 * directories made 0700. Writes are atomic (QSaveFile: a temporary file, fsynced, renamed over the old draft; then
 * the directory is fsynced), so a crash leaves the old draft or the new one, never half of one.
 */
class DraftStore
{
public:
    explicit DraftStore(QString profile, QString root = defaultRoot());

    /** `<AppLocalDataLocation>/drafts`. */
    static QString defaultRoot();
    /** This profile's directory (the name percent-encoded, dots too, so any profile name stays one directory). */
    QString directory() const;
    QString pathFor(const QString& incident) const;

    Result<void> write(const Draft& draft, const SecureBytes& key) const;
    /**
     * The draft of an incident, nothing when there is none. One that cannot be opened is never loaded: it is set
     * aside (renamed to `<incident>.draft.rejected-<UTC time>`), and the error says why and where it went.
     */
    Result<std::optional<Draft>> read(const QString& incident, const SecureBytes& key) const;
    /** Deletes an incident's draft (true when there is none left). */
    bool remove(const QString& incident) const;
    /** The incidents that have a draft, by name, oldest file first (not opened). */
    QStringList pending() const;

private:
    Result<void> ensureDirectory() const;

    QString m_profile;
    QString m_root;
};

/**
 * The profile's draft key, from the keychain through asynchronous jobs (the GUI never waits): read, and on first use
 * 32 random bytes are made, stored and read back (so two consoles that raced agree on the stored one). Never on disk:
 * no keychain, a locked or refusing one, means no drafts, with the keychain's message (error "draft.keychain").
 * done runs on context's thread, not at all when context was destroyed meanwhile.
 */
using DraftKeyDone = std::function<void(Result<std::shared_ptr<SecureBytes>>)>;
void obtainDraftKey(Keychain& keychain, const QString& profile, QObject* context, DraftKeyDone done);

} // namespace art32::incidents
