#pragma once

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

    std::unique_ptr<Ui::UnlockDialog> m_ui;
    Session* m_session = nullptr;
};

} // namespace art32::ui
