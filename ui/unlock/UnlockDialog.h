#pragma once

#include <QDateTime>
#include <QDialog>
#include <memory>

namespace Ui {
class UnlockDialog;
}

namespace art32 {
class Session;
struct UnlockOutcome;
} // namespace art32

namespace art32::ui {

/**
 * Profile picker and TOTP code entry. It shows what the session is doing and why it refused, and never
 * waits on the network or the keychain itself: the Session does that work asynchronously.
 */
class UnlockDialog : public QDialog
{
    Q_OBJECT

public:
    explicit UnlockDialog(QWidget* parent = nullptr);
    ~UnlockDialog() override;

    /** The profiles to choose from; the picker is hidden when there is only one. */
    void setProfiles(const QStringList& names, const QString& current);
    /** The session whose state this dialog follows (owned by the caller). */
    void setSession(Session* session);
    /** Shows a message, e.g. why the console locked itself. */
    void showMessage(const QString& text);

    /** The code as typed or pasted, without the spaces and dashes authenticator apps group it with. */
    static QString normalizedCode(const QString& typed);
    /** What is wrong with a typed code, translated; empty when it is six digits. */
    static QString codeProblem(const QString& typed);
    /** Why the server refused a code, with what to do now (seconds to the next code, when a lock ends, who resets it).
     */
    static QString refusalMessage(const UnlockOutcome& outcome, const QDateTime& now);
    /** "2 tries left before a lock of 15 min." */
    static QString triesLeft(const UnlockOutcome& outcome);

signals:
    void profileChosen(const QString& name);
    void setUpRequested();
    void quitRequested();

protected:
    void changeEvent(QEvent* event) override;
    void reject() override;

private:
    void submit();
    void updateState();
    void refused(const UnlockOutcome& outcome);
    void setMessage(const QString& text);
    /** Grows the dialog to what its word-wrapped labels need at its current width (texts change after show). */
    void fitContents();

    std::unique_ptr<Ui::UnlockDialog> m_ui;
    Session* m_session = nullptr;
};

} // namespace art32::ui
