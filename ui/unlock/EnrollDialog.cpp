#include "unlock/EnrollDialog.h"

#include "auth/Enrollment.h"
#include "auth/QrCode.h"
#include "auth/Totp.h"
#include "keychain/Keychain.h"
#include "session/Session.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace art32::ui {
namespace {

QPixmap qrPixmap(const QString& text, int moduleSize)
{
    auto qr = QrCode::encode(text);
    if (!qr)
        return QPixmap();
    const int quiet = 4;
    QImage image(qr->size + 2 * quiet, qr->size + 2 * quiet, QImage::Format_Mono);
    image.fill(1); // the quiet zone and light modules: QR codes need light around dark, whatever the theme
    for (int y = 0; y < qr->size; ++y)
        for (int x = 0; x < qr->size; ++x)
            image.setPixel(x + quiet, y + quiet, qr->at(x, y) ? 0 : 1);
    return QPixmap::fromImage(image.scaled(image.size() * moduleSize, Qt::IgnoreAspectRatio, Qt::FastTransformation));
}

} // namespace

EnrollDialog::EnrollDialog(Session* session, Keychain* keychain, QWidget* parent)
    : QDialog(parent)
    , m_session(session)
    , m_keychain(keychain)
    , m_pages(new QStackedWidget(this))
    , m_passwordEdit(new QLineEdit(this))
    , m_qrLabel(new QLabel(this))
    , m_uriLabel(new QLabel(this))
    , m_codeEdit(new QLineEdit(this))
    , m_message(new QLabel(this))
    , m_next(new QPushButton(this))
{
    setWindowTitle(tr("Set up %1").arg(session->profile().name));
    m_passwordEdit->setObjectName(QStringLiteral("passwordLineEdit"));
    m_passwordEdit->setEchoMode(QLineEdit::Password);
    m_passwordEdit->setAccessibleName(tr("Database password"));
    m_codeEdit->setObjectName(QStringLiteral("firstCodeLineEdit"));
    m_codeEdit->setAccessibleName(tr("First code"));
    m_codeEdit->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{0,6}")), this));
    m_codeEdit->setMaxLength(6);
    m_uriLabel->setObjectName(QStringLiteral("uriLabel"));
    m_uriLabel->setWordWrap(true);
    m_uriLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_qrLabel->setObjectName(QStringLiteral("qrLabel"));
    m_qrLabel->setAlignment(Qt::AlignCenter);
    m_message->setObjectName(QStringLiteral("messageLabel"));
    m_message->setWordWrap(true);
    m_next->setObjectName(QStringLiteral("nextButton"));
    m_next->setDefault(true);

    // Page 0: the database password, when the keychain has none for this profile.
    auto* passwordPage = new QWidget(this);
    auto* pf = new QFormLayout(passwordPage);
    auto* pIntro = new QLabel(tr("The keychain has no database password for %1 yet. Enter the password the CTO gave "
                                 "you; it is stored only in this machine's keychain.")
                                  .arg(session->profile().user),
                              passwordPage);
    pIntro->setWordWrap(true);
    pf->addRow(pIntro);
    pf->addRow(tr("&Password:"), m_passwordEdit);
    m_pages->addWidget(passwordPage);

    // Page 1: the authenticator.
    auto* totpPage = new QWidget(this);
    auto* tv = new QVBoxLayout(totpPage);
    auto* tIntro = new QLabel(tr("Scan this code with your authenticator app (or enter the key below by hand), then "
                                 "type the six-digit code it shows. A new key pair for this machine goes into the "
                                 "keychain."),
                              totpPage);
    tIntro->setWordWrap(true);
    tv->addWidget(tIntro);
    tv->addWidget(m_qrLabel);
    tv->addWidget(m_uriLabel);
    auto* cf = new QFormLayout;
    cf->addRow(tr("First &code:"), m_codeEdit);
    tv->addLayout(cf);
    m_pages->addWidget(totpPage);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(m_next, QDialogButtonBox::ActionRole);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_pages);
    layout->addWidget(m_message);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_next, &QPushButton::clicked, this, [this] {
        if (m_pages->currentIndex() == 0)
            savePassword();
        else
            submitCode();
    });
    connect(m_session, &Session::stateChanged, this, &EnrollDialog::showStep);
    connect(m_session, &Session::enrollmentFinished, this, &EnrollDialog::finished);
    showStep();
}

EnrollDialog::~EnrollDialog() = default;

void EnrollDialog::showStep()
{
    const Session::State state = m_session->state();
    if (state == Session::State::NeedsEnrollment) {
        if (!m_enrollment) {
            m_enrollment = std::make_shared<Enrollment>(Enrollment::prepare(m_session->admin().login));
            const QString uri = m_enrollment->otpauthUri();
            m_qrLabel->setPixmap(qrPixmap(uri, 5));
            m_uriLabel->setText(tr("Key: %1").arg(Totp::base32(m_enrollment->totpSecret())));
            m_uriLabel->setToolTip(uri);
        }
        m_pages->setCurrentIndex(1);
        m_next->setText(tr("&Enroll"));
        m_next->setEnabled(true);
        m_codeEdit->setFocus();
    } else if (state == Session::State::Locked || state == Session::State::Unlocked) {
        accept(); // set up: the unlock dialog takes over
    } else if (state == Session::State::Failed && m_pages->currentIndex() == 0
               && m_session->lastError().code != QLatin1String("keychain.missing")) {
        m_message->setText(m_session->lastError().message);
        m_next->setEnabled(true);
    } else {
        m_pages->setCurrentIndex(0);
        m_next->setText(tr("&Save password"));
        m_next->setEnabled(state == Session::State::Failed);
    }
}

void EnrollDialog::savePassword()
{
    QByteArray password = m_passwordEdit->text().toUtf8();
    m_passwordEdit->clear();
    if (password.isEmpty()) {
        m_message->setText(tr("Enter the password first."));
        return;
    }
    m_next->setEnabled(false);
    m_keychain->write(
        m_session->profile().passwordKey(), password,
        [this](Keychain::Reply reply) {
            if (!reply.ok()) {
                m_message->setText(reply.message);
                m_next->setEnabled(true);
                return;
            }
            m_message->clear();
            m_session->open(); // showStep() follows the session from here
        },
        this);
    wipe(password);
}

void EnrollDialog::submitCode()
{
    if (!m_enrollment || m_codeEdit->text().size() != 6)
        return;
    m_next->setEnabled(false);
    m_message->clear();
    m_session->enroll(m_enrollment, m_codeEdit->text());
}

void EnrollDialog::finished(const Error& error)
{
    m_next->setEnabled(true);
    if (!error.code.isEmpty()) {
        m_message->setText(error.message);
        m_codeEdit->clear();
        m_codeEdit->setFocus();
    }
}

} // namespace art32::ui
