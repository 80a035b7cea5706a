#pragma once

#include "core/Result.h"
#include "incidents/Incident.h"

#include <QHash>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;
class QTimer;
class QVBoxLayout;

namespace art32 {
class Session;
}

namespace art32::ui {

class Banner;
class DraftKeeper;
class IncidentFilters;
class IncidentRecords;
class EvidenceSection;

/**
 * The incident register (issue 14): the list (state, severity, the 72-hour clock with an icon and a word,
 * assignee; filter and sort) and the selected incident's form as a view, the AP's chapters as sections with
 * inline validation, a live countdown, the Art. 34(3)(a) hint and the ENISA advice. Rules from app/incidents;
 * data through Session::request. A save that meets a newer version keeps the input and offers a reload.
 */
class IncidentsView : public QWidget
{
    Q_OBJECT
public:
    explicit IncidentsView(Session* session, QWidget* parent = nullptr);
    ~IncidentsView() override; ///< keeps unsaved input as a draft

    void reload();
    /** The form's current values over the loaded incident (what a save would store). */
    incidents::Incident formIncident() const;
    qint64 currentId() const { return m_current.id; }
    /** Writes the loaded incident as PDF or JSON in the UI's language (0600, all or nothing). */
    Result<void> exportFile(bool pdf, const QString& path) const;
    // For the evidence section (i14-evidence): one field of the form as valueOf() reads it, and setting it.
    QJsonValue fieldValue(const QString& key) const;
    void setFieldValue(const QString& key, const QJsonValue& value);

signals:
    void saved(qint64 id, int version);

private:
    struct FieldWidget
    {
        const incidents::FieldSpec* spec = nullptr;
        QWidget* editor = nullptr;
        QLabel* error = nullptr;
    };

    void buildForm(QVBoxLayout* layout);
    void showList(const QList<incidents::Incident>& list);
    void applyFilter();
    void load(qint64 id);
    void fill(const incidents::Incident& incident);
    void save();
    void moveState();
    void exportTo(bool pdf);
    void openNew();
    void refreshDerived();
    void tick();
    QJsonValue valueOf(const FieldWidget& f) const;
    void setValue(const FieldWidget& f, const QJsonValue& v);
    QJsonObject changedFields(bool* valid) const;

    Session* m_session;
    Banner* m_banner;
    QLineEdit* m_filter;
    QComboBox* m_stateFilter;
    QLineEdit* m_newTitle;
    QPushButton* m_newButton;
    QTableWidget* m_table;
    QWidget* m_form;
    QLabel* m_heading;
    QLabel* m_countdown;
    QLabel* m_hint;
    QLabel* m_enisa;
    QLabel* m_missing;
    QComboBox* m_nextState;
    QPushButton* m_moveButton;
    QPushButton* m_saveButton;
    QPushButton* m_pdfButton;
    QPushButton* m_jsonButton;
    QTimer* m_timer;
    QList<FieldWidget> m_fields;
    incidents::Incident m_current;
    bool m_canEdit = false;

    // Drafts (i14-drafts): autosave and the offer to restore, in DraftKeeper.
    void setUpDrafts();
    void applyDraft(qint64 id, const QJsonObject& fields);
    DraftKeeper* m_drafts = nullptr;
    // i14-decisions: decisions, reports and the timeline under the form; the list's other filters.
    void takeRecords(const incidents::Incident& fresh);
    IncidentRecords* m_records = nullptr;
    IncidentFilters* m_filters = nullptr;
    QList<incidents::Incident> m_listed;
    EvidenceSection* m_evidence = nullptr; // i14-evidence
};

} // namespace art32::ui
