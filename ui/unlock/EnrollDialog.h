#pragma once

#include <QDialog>
#include <memory>

class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;

namespace art32 {
class Enrollment;
class Keychain;
class Session;
struct Error;
} // namespace art32

namespace art32::ui {

/**
 * Sets this machine up for a profile: stores the database password in the keychain when it is missing, and
 * enrolls the login (key pair + authenticator) when it has not been enrolled. A wrong first code changes
 * nothing.
 */
class EnrollDialog : public QDialog
{
    Q_OBJECT

public:
    EnrollDialog(Session* session, Keychain* keychain, QWidget* parent = nullptr);
    ~EnrollDialog() override;

private:
    void showStep();
    void savePassword();
    void submitCode();
    void finished(const Error& error);

    Session* m_session;
    Keychain* m_keychain;
    std::shared_ptr<Enrollment> m_enrollment;
    QStackedWidget* m_pages;
    QLineEdit* m_passwordEdit;
    QLabel* m_qrLabel;
    QLabel* m_uriLabel;
    QLineEdit* m_codeEdit;
    QLabel* m_message;
    QPushButton* m_next;
};

} // namespace art32::ui
