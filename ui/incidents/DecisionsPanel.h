#pragma once

#include "incidents/Incident.h"

#include <QGroupBox>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;

namespace art32 {
class Session;
}

namespace art32::ui {

/**
 * Decisions are records (issue 14): whether the authority is notified (Art. 33; a CTO only: for anyone else the
 * controls are disabled and say why, and the server refuses anyway) and whether the people affected are informed
 * (Art. 34, with the Art. 34(3) ground a/b/c for not informing them, and the public communication that ground c
 * requires). A decision is never edited: a new one supersedes it, and the history shows who decided what, when
 * and why. The Art. 34(3)(a) hint follows the form's answers to chapter 8.
 */
class DecisionsPanel : public QGroupBox
{
    Q_OBJECT
public:
    DecisionsPanel(Session* session, QWidget* parent = nullptr);

    void setIncident(const incidents::Incident& incident, bool canEdit);
    /** The form's unsaved answers, for the Art. 34(3)(a) hint (encrypted or hashed, key not compromised). */
    void setFormIncident(const incidents::Incident& incident);

signals:
    /** A decision was recorded: the incident's records changed. */
    void recorded(qint64 incidentId);
    void failed(const QString& message);

private:
    void recordNotify();
    void recordInform();
    void updateControls();
    void showHistory();
    void send(const QString& kind, bool decision, const QString& rationale, const QString& ground,
              const QString& publicText, QPushButton* button);

    Session* m_session;
    incidents::Incident m_incident;
    bool m_canEdit = false;
    bool m_canNotify = false;
    QComboBox* m_notifyChoice;
    QPlainTextEdit* m_notifyRationale;
    QPushButton* m_notifyButton;
    QLabel* m_notifyReason;
    QComboBox* m_informChoice;
    QComboBox* m_ground;
    QPlainTextEdit* m_publicText;
    QPlainTextEdit* m_informRationale;
    QPushButton* m_informButton;
    QLabel* m_informProblem;
    QLabel* m_art34Hint;
    QPushButton* m_useGroundA;
    QTreeWidget* m_history;
    QWidget* m_inputs;
};

} // namespace art32::ui
