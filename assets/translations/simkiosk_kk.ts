<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="kk_KZ" sourcelanguage="en">
<context>
    <name>text</name>
    <message>
        <source>app_title</source>
        <extracomment>SIM card registration</extracomment>
        <translation>SIM-картаны тіркеу</translation>
    </message>
    <message>
        <source>cancel</source>
        <extracomment>Cancel</extracomment>
        <translation>Болдырмау</translation>
    </message>
    <message>
        <source>continue</source>
        <extracomment>Continue</extracomment>
        <translation>Жалғастыру</translation>
    </message>
    <message>
        <source>please_wait</source>
        <extracomment>Please wait…</extracomment>
        <translation>Күте тұрыңыз…</translation>
    </message>
    <message>
        <source>step_of</source>
        <extracomment>Step {n} of {total}</extracomment>
        <translation>{n}/{total} қадам</translation>
    </message>
    <message>
        <source>error_generic</source>
        <extracomment>Something went wrong. Please ask a member of staff.</extracomment>
        <translation>Бірдеңе дұрыс болмады. Қызметкерге хабарласыңыз.</translation>
    </message>
    <message>
        <source>error_device</source>
        <extracomment>A device of this kiosk is not working. Please ask a member of staff.</extracomment>
        <translation>Киосктің бір құрылғысы жұмыс істемейді. Қызметкерге хабарласыңыз.</translation>
    </message>
    <message>
        <source>attract_title</source>
        <extracomment>Activate your SIM card here</extracomment>
        <translation>SIM-картаны осы жерде белсендіріңіз</translation>
    </message>
    <message>
        <source>attract_touch</source>
        <extracomment>Touch the screen to start</extracomment>
        <translation>Бастау үшін экранды түртіңіз</translation>
    </message>
    <message>
        <source>attract_needs</source>
        <extracomment>You need your ID card and the SIM card pack</extracomment>
        <translation>Сізге жеке куәлік пен SIM-карта бумасы қажет</translation>
    </message>
    <message>
        <source>start</source>
        <extracomment>Start</extracomment>
        <translation>Бастау</translation>
    </message>
    <message>
        <source>attract_crash_notice</source>
        <extracomment>Technician: see diagnostics</extracomment>
        <translation>Техникалық қызмет: диагностиканы қараңыз</translation>
    </message>
    <message>
        <source>language_title</source>
        <extracomment>Choose your language</extracomment>
        <translation>Тілді таңдаңыз</translation>
    </message>
    <message>
        <source>login_title</source>
        <extracomment>Staff login</extracomment>
        <translation>Қызметкердің кіруі</translation>
    </message>
    <message>
        <source>login_id</source>
        <extracomment>Operator ID</extracomment>
        <translation>Оператор ID</translation>
    </message>
    <message>
        <source>login_pin</source>
        <extracomment>PIN</extracomment>
        <translation>PIN-код</translation>
    </message>
    <message>
        <source>login_button</source>
        <extracomment>Log in</extracomment>
        <translation>Кіру</translation>
    </message>
    <message>
        <source>login_refused</source>
        <extracomment>Wrong operator ID or PIN</extracomment>
        <translation>ID немесе PIN-код қате</translation>
    </message>
    <message>
        <source>consent_title</source>
        <extracomment>Your consent</extracomment>
        <translation>Келісім</translation>
    </message>
    <message>
        <source>consent_text</source>
        <extracomment>To activate your SIM card we read your ID card, check your face with the camera and compare it with the photo on the document. The data is used only for this check and for the signed record sent to the operator. When the session ends, the photos and your personal data are deleted from this device.</extracomment>
        <translation>SIM-картаны белсендіру үшін біз жеке куәлігіңізді оқимыз, бетіңізді камерамен тексереміз және оны құжаттағы суретпен салыстырамыз. Деректер тек осы тексеруге және операторға жіберілетін қол қойылған жазбаға пайдаланылады. Сессия біткенде суреттер мен жеке деректер осы құрылғыдан өшіріледі.</translation>
    </message>
    <message>
        <source>consent_agree</source>
        <extracomment>I agree</extracomment>
        <translation>Келісемін</translation>
    </message>
    <message>
        <source>document_title</source>
        <extracomment>Place your ID card on the scanner</extracomment>
        <translation>Жеке куәлігіңізді сканерге қойыңыз</translation>
    </message>
    <message>
        <source>document_hint</source>
        <extracomment>Photo side down</extracomment>
        <translation>Суреті бар жағын төмен қаратып қойыңыз</translation>
    </message>
    <message>
        <source>document_scan</source>
        <extracomment>Scan</extracomment>
        <translation>Сканерлеу</translation>
    </message>
    <message>
        <source>document_reading</source>
        <extracomment>Reading the document…</extracomment>
        <translation>Құжат оқылуда…</translation>
    </message>
    <message>
        <source>document_retry</source>
        <extracomment>The document could not be read. Lay it flat and try again.</extracomment>
        <translation>Құжатты оқу мүмкін болмады. Оны түзу қойып, қайталап көріңіз.</translation>
    </message>
    <message>
        <source>document_attempt</source>
        <extracomment>Attempt {n} of {total}</extracomment>
        <translation>{n}/{total} әрекет</translation>
    </message>
    <message>
        <source>sim_title</source>
        <extracomment>Scan the barcode on the SIM card pack</extracomment>
        <translation>SIM-карта бумасындағы штрихкодты сканерлеңіз</translation>
    </message>
    <message>
        <source>sim_iccid</source>
        <extracomment>ICCID (19–20 digits)</extracomment>
        <translation>ICCID (19–20 сан)</translation>
    </message>
    <message>
        <source>sim_msisdn</source>
        <extracomment>Phone number (optional)</extracomment>
        <translation>Телефон нөмірі (міндетті емес)</translation>
    </message>
    <message>
        <source>sim_iccid_bad</source>
        <extracomment>This SIM card number is not valid. Scan it again.</extracomment>
        <translation>Бұл SIM-карта нөмірі дұрыс емес. Қайта сканерлеңіз.</translation>
    </message>
    <message>
        <source>sim_msisdn_bad</source>
        <extracomment>The phone number must have 10 to 15 digits.</extracomment>
        <translation>Телефон нөмірі 10–15 саннан тұруы керек.</translation>
    </message>
    <message>
        <source>sim_iccid_ok</source>
        <extracomment>SIM card number is valid</extracomment>
        <translation>SIM-карта нөмірі дұрыс</translation>
    </message>
    <message>
        <source>face_title</source>
        <extracomment>Look at the camera</extracomment>
        <translation>Камераға қараңыз</translation>
    </message>
    <message>
        <source>face_hint</source>
        <extracomment>Follow the instructions on the screen</extracomment>
        <translation>Экрандағы нұсқауларды орындаңыз</translation>
    </message>
    <message>
        <source>face_ready</source>
        <extracomment>I'm ready</extracomment>
        <translation>Дайынмын</translation>
    </message>
    <message>
        <source>face_checking</source>
        <extracomment>Checking…</extracomment>
        <translation>Тексерілуде…</translation>
    </message>
    <message>
        <source>face_liveness_failed</source>
        <extracomment>The check did not work. Follow the instructions closely and try again.</extracomment>
        <translation>Тексеру сәтсіз аяқталды. Нұсқауларды мұқият орындап, қайталап көріңіз.</translation>
    </message>
    <message>
        <source>face_no_match</source>
        <extracomment>Your face did not match the photo on the document. Look straight at the camera and try again.</extracomment>
        <translation>Бетіңіз құжаттағы суретпен сәйкес келмеді. Камераға тура қарап, қайталап көріңіз.</translation>
    </message>
    <message>
        <source>face_attempt</source>
        <extracomment>Attempt {n} of {total}</extracomment>
        <translation>{n}/{total} әрекет</translation>
    </message>
    <message>
        <source>face_progress</source>
        <extracomment>Task {n} of {total}</extracomment>
        <translation>{n}/{total} тапсырма</translation>
    </message>
    <message>
        <source>review_title</source>
        <extracomment>Clerk review</extracomment>
        <translation>Қызметкердің шешімі</translation>
    </message>
    <message>
        <source>review_why</source>
        <extracomment>Why a review is needed:</extracomment>
        <translation>Неге тексеру қажет:</translation>
    </message>
    <message>
        <source>review_match</source>
        <extracomment>Face match: {band} (distance {distance:.3f}, threshold {threshold:.2f})</extracomment>
        <translation>Бет сәйкестігі: {band} (қашықтық {distance:.3f}, шек {threshold:.2f})</translation>
    </message>
    <message>
        <source>band_match</source>
        <extracomment>match</extracomment>
        <translation>сәйкес</translation>
    </message>
    <message>
        <source>band_review</source>
        <extracomment>borderline</extracomment>
        <translation>шекаралық</translation>
    </message>
    <message>
        <source>band_no_match</source>
        <extracomment>no match</extracomment>
        <translation>сәйкес емес</translation>
    </message>
    <message>
        <source>review_no_match_data</source>
        <extracomment>Face match not measured yet</extracomment>
        <translation>Бет сәйкестігі әлі өлшенбеді</translation>
    </message>
    <message>
        <source>review_fields</source>
        <extracomment>Document data (correct a misread field)</extracomment>
        <translation>Құжат деректері (қате оқылса, түзетіңіз)</translation>
    </message>
    <message>
        <source>review_reason</source>
        <extracomment>Reason (required)</extracomment>
        <translation>Себебі (міндетті)</translation>
    </message>
    <message>
        <source>review_approve</source>
        <extracomment>Approve</extracomment>
        <translation>Мақұлдау</translation>
    </message>
    <message>
        <source>review_refuse</source>
        <extracomment>Refuse</extracomment>
        <translation>Бас тарту</translation>
    </message>
    <message>
        <source>review_reason_needed</source>
        <extracomment>Write the reason for the decision</extracomment>
        <translation>Шешімнің себебін жазыңыз</translation>
    </message>
    <message>
        <source>submit_title</source>
        <extracomment>Sending your registration…</extracomment>
        <translation>Деректер жіберілуде…</translation>
    </message>
    <message>
        <source>receipt_activated</source>
        <extracomment>Your SIM card is activated</extracomment>
        <translation>SIM-карта белсендірілді</translation>
    </message>
    <message>
        <source>receipt_activated_text</source>
        <extracomment>You can use it right away.</extracomment>
        <translation>Оны қазір пайдалана аласыз.</translation>
    </message>
    <message>
        <source>receipt_queued</source>
        <extracomment>Your registration is saved</extracomment>
        <translation>Өтініш сақталды</translation>
    </message>
    <message>
        <source>receipt_queued_text</source>
        <extracomment>The operator's server cannot be reached right now. Your signed registration is saved on this kiosk and will be sent automatically when the connection is back. The SIM card will work after that; you do not need to come back.</extracomment>
        <translation>Қазір оператор серверіне қосылу мүмкін емес. Қол қойылған өтінішіңіз осы құрылғыда сақталды және байланыс қалпына келгенде автоматты түрде жіберіледі. SIM-карта содан кейін жұмыс істейді; қайта келудің қажеті жоқ.</translation>
    </message>
    <message>
        <source>receipt_rejected</source>
        <extracomment>The activation was refused</extracomment>
        <translation>Белсендіру қабылданбады</translation>
    </message>
    <message>
        <source>receipt_rejected_text</source>
        <extracomment>The operator refused this registration. Please ask a member of staff.</extracomment>
        <translation>Оператор бұл өтінішті қабылдамады. Қызметкерге хабарласыңыз.</translation>
    </message>
    <message>
        <source>receipt_number</source>
        <extracomment>Reference: {ref}</extracomment>
        <translation>Өтініш нөмірі: {ref}</translation>
    </message>
    <message>
        <source>done</source>
        <extracomment>Done</extracomment>
        <translation>Дайын</translation>
    </message>
    <message>
        <source>ended_thanks</source>
        <extracomment>Thank you!</extracomment>
        <translation>Рақмет!</translation>
    </message>
    <message>
        <source>ended_wiped</source>
        <extracomment>Your data has been deleted from this device.</extracomment>
        <translation>Сіздің деректеріңіз осы құрылғыдан өшірілді.</translation>
    </message>
    <message>
        <source>ended_again</source>
        <extracomment>Back to start</extracomment>
        <translation>Басты бетке</translation>
    </message>
    <message>
        <source>sim_keypad_hint</source>
        <extracomment>Scan the pack's barcode or type the number on the keypad</extracomment>
        <translation>Бума штрихкодын сканерлеңіз немесе нөмірді пернетақтамен теріңіз</translation>
    </message>
    <message>
        <source>review_faces</source>
        <extracomment>Document photo and live camera face</extracomment>
        <translation>Құжаттағы сурет пен камерадағы бет</translation>
    </message>
    <message>
        <source>review_document_photo</source>
        <extracomment>Document photo</extracomment>
        <translation>Құжаттағы сурет</translation>
    </message>
    <message>
        <source>review_live_photo</source>
        <extracomment>Live camera</extracomment>
        <translation>Камерадан</translation>
    </message>
    <message>
        <source>review_no_photo</source>
        <extracomment>No picture</extracomment>
        <translation>Сурет жоқ</translation>
    </message>
    <message>
        <source>similarity_strong</source>
        <extracomment>Similarity: strong</extracomment>
        <translation>Ұқсастық: жоғары</translation>
    </message>
    <message>
        <source>similarity_borderline</source>
        <extracomment>Similarity: borderline — compare the faces yourself</extracomment>
        <translation>Ұқсастық: шекаралық — беттерді өзіңіз салыстырыңыз</translation>
    </message>
    <message>
        <source>similarity_weak</source>
        <extracomment>Similarity: weak</extracomment>
        <translation>Ұқсастық: әлсіз</translation>
    </message>
    <message>
        <source>similarity_numbers</source>
        <extracomment>distance {distance:.3f}, threshold {threshold:.2f} (lower is closer)</extracomment>
        <translation>қашықтық {distance:.3f}, шек {threshold:.2f} (аз болса, ұқсас)</translation>
    </message>
    <message>
        <source>review_iin_label</source>
        <extracomment>Customer's IIN (not on the document, required)</extracomment>
        <translation>Клиенттің ЖСН (құжатта жоқ, міндетті)</translation>
    </message>
    <message>
        <source>review_iin_hint</source>
        <extracomment>A foreign resident's IIN is on their residence permit or IIN certificate</extracomment>
        <translation>Шетелдіктің ЖСН-ы оның ықтиярхатында немесе ЖСН анықтамасында жазылған</translation>
    </message>
    <message>
        <source>review_iin_ok</source>
        <extracomment>The IIN is valid and agrees with the document</extracomment>
        <translation>ЖСН дұрыс және құжатпен сәйкес</translation>
    </message>
    <message>
        <source>iin_format</source>
        <extracomment>An IIN has 12 digits</extracomment>
        <translation>ЖСН 12 саннан тұрады</translation>
    </message>
    <message>
        <source>iin_invalid_entry</source>
        <extracomment>This IIN is not valid (wrong check digit or date)</extracomment>
        <translation>Бұл ЖСН жарамсыз (бақылау саны немесе күн қате)</translation>
    </message>
    <message>
        <source>iin_birth_mismatch</source>
        <extracomment>The IIN's birth date differs from the document's</extracomment>
        <translation>ЖСН-дағы туған күн құжаттағыдан өзгеше</translation>
    </message>
    <message>
        <source>iin_sex_mismatch</source>
        <extracomment>The IIN's sex digit differs from the document's</extracomment>
        <translation>ЖСН-дағы жыныс құжаттағыдан өзгеше</translation>
    </message>
    <message>
        <source>review_approve_needs_iin</source>
        <extracomment>To approve, enter the customer's valid IIN: {why}</extracomment>
        <translation>Мақұлдау үшін клиенттің дұрыс ЖСН-ын енгізіңіз: {why}</translation>
    </message>
    <message>
        <source>review_reason_label</source>
        <extracomment>Reason for the decision</extracomment>
        <translation>Шешім себебі</translation>
    </message>
    <message>
        <source>clerk_logout</source>
        <extracomment>Log out ({clerk})</extracomment>
        <translation>Шығу ({clerk})</translation>
    </message>
    <message>
        <source>clerk_logged_in</source>
        <extracomment>Clerk: {clerk}</extracomment>
        <translation>Қызметкер: {clerk}</translation>
    </message>
    <message>
        <source>clerk_language</source>
        <extracomment>Staff language</extracomment>
        <translation>Қызметкер тілі</translation>
    </message>
    <message>
        <source>login_shift</source>
        <extracomment>Log in once per shift; locks after {minutes} min without activity</extracomment>
        <translation>Ауысымға бір рет кіріңіз; {minutes} мин әрекетсіздіктен кейін құлыпталады</translation>
    </message>
    <message>
        <source>submissions_open</source>
        <extracomment>Today's submissions</extracomment>
        <translation>Бүгінгі өтініштер</translation>
    </message>
    <message>
        <source>submissions_title</source>
        <extracomment>Today's submissions</extracomment>
        <translation>Бүгінгі өтініштер</translation>
    </message>
    <message>
        <source>submissions_empty</source>
        <extracomment>No submissions today</extracomment>
        <translation>Бүгін өтініш жоқ</translation>
    </message>
    <message>
        <source>submissions_counts</source>
        <extracomment>Delivered: {delivered} · Queued: {queued} · Refused: {refused}</extracomment>
        <translation>Жеткізілді: {delivered} · Кезекте: {queued} · Қабылданбады: {refused}</translation>
    </message>
    <message>
        <source>submissions_time</source>
        <extracomment>Time</extracomment>
        <translation>Уақыты</translation>
    </message>
    <message>
        <source>submissions_ref</source>
        <extracomment>Reference</extracomment>
        <translation>Нөмірі</translation>
    </message>
    <message>
        <source>submissions_sim</source>
        <extracomment>SIM (last digits)</extracomment>
        <translation>SIM (соңғы сандары)</translation>
    </message>
    <message>
        <source>submissions_state</source>
        <extracomment>State</extracomment>
        <translation>Күйі</translation>
    </message>
    <message>
        <source>submissions_why</source>
        <extracomment>Why</extracomment>
        <translation>Себебі</translation>
    </message>
    <message>
        <source>state_delivered</source>
        <extracomment>Delivered</extracomment>
        <translation>Жеткізілді</translation>
    </message>
    <message>
        <source>state_queued</source>
        <extracomment>Queued</extracomment>
        <translation>Кезекте</translation>
    </message>
    <message>
        <source>state_sending</source>
        <extracomment>Sending</extracomment>
        <translation>Жіберілуде</translation>
    </message>
    <message>
        <source>state_refused</source>
        <extracomment>Refused</extracomment>
        <translation>Қабылданбады</translation>
    </message>
    <message>
        <source>submissions_retry</source>
        <extracomment>Send queued now</extracomment>
        <translation>Кезектегілерді қазір жіберу</translation>
    </message>
    <message>
        <source>submissions_retrying</source>
        <extracomment>Sending…</extracomment>
        <translation>Жіберілуде…</translation>
    </message>
    <message>
        <source>submissions_retried</source>
        <extracomment>Delivered: {delivered}, still queued: {pending}</extracomment>
        <translation>Жеткізілді: {delivered}, әлі кезекте: {pending}</translation>
    </message>
    <message>
        <source>submissions_close</source>
        <extracomment>Close</extracomment>
        <translation>Жабу</translation>
    </message>
    <message>
        <source>submissions_waiting</source>
        <extracomment>next attempt {time}</extracomment>
        <translation>келесі әрекет {time}</translation>
    </message>
    <message>
        <source>diag_check_freeze</source>
        <extracomment>Freeze state</extracomment>
        <translation>Бұғаттау күйі</translation>
    </message>
    <message>
        <source>diag_check_camera</source>
        <extracomment>Camera</extracomment>
        <translation>Камера</translation>
    </message>
    <message>
        <source>diag_check_scanner</source>
        <extracomment>Document scanner</extracomment>
        <translation>Құжат сканері</translation>
    </message>
    <message>
        <source>diag_check_serial_reader</source>
        <extracomment>MRZ reader (serial)</extracomment>
        <translation>MRZ оқығышы (сериялық порт)</translation>
    </message>
    <message>
        <source>diag_check_barcode</source>
        <extracomment>Barcode reader</extracomment>
        <translation>Штрихкод оқығышы</translation>
    </message>
    <message>
        <source>diag_check_server</source>
        <extracomment>Server</extracomment>
        <translation>Сервер</translation>
    </message>
    <message>
        <source>diag_check_tls</source>
        <extracomment>TLS (encryption)</extracomment>
        <translation>TLS (шифрлау)</translation>
    </message>
    <message>
        <source>diag_check_clock</source>
        <extracomment>Clock skew</extracomment>
        <translation>Сағат айырмасы</translation>
    </message>
    <message>
        <source>diag_check_outbox</source>
        <extracomment>Outbox</extracomment>
        <translation>Жіберу кезегі</translation>
    </message>
    <message>
        <source>diag_check_key</source>
        <extracomment>Device key</extracomment>
        <translation>Құрылғы кілті</translation>
    </message>
    <message>
        <source>diag_check_versions</source>
        <extracomment>Versions</extracomment>
        <translation>Нұсқалар</translation>
    </message>
    <message>
        <source>diag_check_models</source>
        <extracomment>Models</extracomment>
        <translation>Модельдер</translation>
    </message>
    <message>
        <source>diag_check_disk</source>
        <extracomment>Disk</extracomment>
        <translation>Диск</translation>
    </message>
    <message>
        <source>diag_check_state_dir</source>
        <extracomment>State directory</extracomment>
        <translation>Деректер қалтасы</translation>
    </message>
    <message>
        <source>diag_check_diagnostics_pin</source>
        <extracomment>Diagnostics PIN</extracomment>
        <translation>Диагностика PIN-коды</translation>
    </message>
    <message>
        <source>diag_status_ok</source>
        <extracomment>OK</extracomment>
        <translation>ҚАЛЫПТЫ</translation>
    </message>
    <message>
        <source>diag_status_warn</source>
        <extracomment>WARNING</extracomment>
        <translation>ЕСКЕРТУ</translation>
    </message>
    <message>
        <source>diag_status_error</source>
        <extracomment>ERROR</extracomment>
        <translation>ҚАТЕ</translation>
    </message>
    <message>
        <source>diag_status_skip</source>
        <extracomment>SKIPPED</extracomment>
        <translation>ӨТКІЗІЛДІ</translation>
    </message>
    <message>
        <source>diag_status_untested</source>
        <extracomment>NOT TESTED</extracomment>
        <translation>ТЕКСЕРІЛМЕГЕН</translation>
    </message>
    <message>
        <source>diag_tab_checks</source>
        <extracomment>Checks</extracomment>
        <translation>Тексерулер</translation>
    </message>
    <message>
        <source>diag_tab_devices</source>
        <extracomment>Devices</extracomment>
        <translation>Құрылғылар</translation>
    </message>
    <message>
        <source>diag_tab_log</source>
        <extracomment>Log</extracomment>
        <translation>Журнал</translation>
    </message>
    <message>
        <source>diag_frozen</source>
        <extracomment>KIOSK FROZEN — new customers are not taken</extracomment>
        <translation>КИОСК БҰҒАТТАЛҒАН — жаңа клиенттер қабылданбайды</translation>
    </message>
    <message>
        <source>diag_not_frozen</source>
        <extracomment>Not frozen: the kiosk takes customers</extracomment>
        <translation>Киоск бұғатталмаған: клиенттерді қабылдайды</translation>
    </message>
    <message>
        <source>diag_freeze_unknown</source>
        <extracomment>Checking the freeze state…</extracomment>
        <translation>Бұғаттау күйі тексерілуде…</translation>
    </message>
    <message>
        <source>diag_untested</source>
        <extracomment>not tested yet — test it on the Devices tab</extracomment>
        <translation>әлі тексерілмеген — «Құрылғылар» бетінде тексеріңіз</translation>
    </message>
    <message>
        <source>diag_test_scan</source>
        <extracomment>Test scan</extracomment>
        <translation>Сынақ сканерлеу</translation>
    </message>
    <message>
        <source>diag_scanning</source>
        <extracomment>scanning…</extracomment>
        <translation>сканерлеу…</translation>
    </message>
    <message>
        <source>diag_no_scanner</source>
        <extracomment>no scanner given</extracomment>
        <translation>сканер берілмеген</translation>
    </message>
    <message>
        <source>diag_barcode_hint</source>
        <extracomment>Scan a SIM card's barcode</extracomment>
        <translation>SIM картаның штрихкодын сканерлеңіз</translation>
    </message>
    <message>
        <source>diag_barcode_ok</source>
        <extracomment>{n} characters read: a valid ICCID (Luhn check digit correct)</extracomment>
        <translation>{n} таңба оқылды: ICCID дұрыс (Luhn бақылау саны сәйкес)</translation>
    </message>
    <message>
        <source>diag_barcode_bad</source>
        <extracomment>{n} characters read, not a valid ICCID: {reason}</extracomment>
        <translation>{n} таңба оқылды, бірақ бұл дұрыс ICCID емес: {reason}</translation>
    </message>
    <message>
        <source>diag_serial_listen</source>
        <extracomment>Listen ({s} s)</extracomment>
        <translation>Тыңдау ({s} с)</translation>
    </message>
    <message>
        <source>diag_serial_listening</source>
        <extracomment>Swipe a document now (waiting {s} s)…</extracomment>
        <translation>Құжатты қазір өткізіңіз ({s} с күтеміз)…</translation>
    </message>
    <message>
        <source>diag_no_serial</source>
        <extracomment>no serial MRZ reader configured</extracomment>
        <translation>сериялық MRZ оқығышы бапталмаған</translation>
    </message>
    <message>
        <source>diag_no_pin_set</source>
        <extracomment>No diagnostics PIN is set (kiosk.diagnostics_pin): the screen stays locked.</extracomment>
        <translation>Диагностика PIN-коды орнатылмаған (kiosk.diagnostics_pin): экран ашылмайды.</translation>
    </message>
    <message>
        <source>diag_face_found</source>
        <extracomment>face found</extracomment>
        <translation>бет табылды</translation>
    </message>
    <message>
        <source>diag_no_face</source>
        <extracomment>no face</extracomment>
        <translation>бет жоқ</translation>
    </message>
    <message>
        <source>face_position</source>
        <extracomment>Put your face in the oval, then press “I'm ready”</extracomment>
        <translation>Бетіңізді сопақша ішіне орналастырып, «Дайынмын» түймесін басыңыз</translation>
    </message>
    <message>
        <source>face_in_place</source>
        <extracomment>Good, your face is in place</extracomment>
        <translation>Жақсы, бетіңіз дұрыс орналасты</translation>
    </message>
    <message>
        <source>face_get_ready</source>
        <extracomment>Hold still for the next picture</extracomment>
        <translation>Келесі суретті күтіңіз, қозғалмаңыз</translation>
    </message>
    <message>
        <source>face_matching</source>
        <extracomment>Comparing with your document photo…</extracomment>
        <translation>Құжаттағы суретпен салыстырылуда…</translation>
    </message>
    <message>
        <source>face_camera_starting</source>
        <extracomment>Starting the camera…</extracomment>
        <translation>Камера қосылуда…</translation>
    </message>
    <message>
        <source>face_fail_no_answer_blink</source>
        <extracomment>You did not blink in time.</extracomment>
        <translation>Сіз уақытында көзіңізді жұмып-ашпадыңыз.</translation>
    </message>
    <message>
        <source>face_fail_no_answer_turn_left</source>
        <extracomment>You did not turn your head left in time.</extracomment>
        <translation>Сіз басыңызды уақытында солға бұрмадыңыз.</translation>
    </message>
    <message>
        <source>face_fail_no_answer_turn_right</source>
        <extracomment>You did not turn your head right in time.</extracomment>
        <translation>Сіз басыңызды уақытында оңға бұрмадыңыз.</translation>
    </message>
    <message>
        <source>face_fail_no_answer_smile</source>
        <extracomment>You did not smile in time.</extracomment>
        <translation>Сіз уақытында күлімсіремедіңіз.</translation>
    </message>
    <message>
        <source>face_fail_no_answer_nod</source>
        <extracomment>You did not nod in time.</extracomment>
        <translation>Сіз уақытында басыңызды иземедіңіз.</translation>
    </message>
    <message>
        <source>face_fail_wrong_move</source>
        <extracomment>You made a different movement from the one shown.</extracomment>
        <translation>Сіз суреттегіден басқа қимыл жасадыңыз.</translation>
    </message>
    <message>
        <source>face_fail_no_return</source>
        <extracomment>After the movement you did not look straight at the camera again.</extracomment>
        <translation>Қимылдан кейін камераға қайта тура қарамадыңыз.</translation>
    </message>
    <message>
        <source>face_fail_not_still</source>
        <extracomment>You moved while waiting for the next picture.</extracomment>
        <translation>Келесі суретті күткенде қозғалдыңыз.</translation>
    </message>
    <message>
        <source>face_fail_too_early</source>
        <extracomment>You moved before the picture appeared.</extracomment>
        <translation>Сурет көрсетілмей тұрып қозғалдыңыз.</translation>
    </message>
    <message>
        <source>face_fail_second_face</source>
        <extracomment>More than one person was in view.</extracomment>
        <translation>Кадрда бірнеше адам болды.</translation>
    </message>
    <message>
        <source>face_fail_not_live</source>
        <extracomment>We could not confirm that a live person is in front of the camera.</extracomment>
        <translation>Камера алдында тірі адам тұрғанын растай алмадық.</translation>
    </message>
    <message>
        <source>face_fail_face_lost</source>
        <extracomment>Your face left the camera's view.</extracomment>
        <translation>Бетіңіз камерадан шығып кетті.</translation>
    </message>
    <message>
        <source>face_fail_too_dark</source>
        <extracomment>It was too dark to see your face.</extracomment>
        <translation>Бетіңізді көру үшін тым қараңғы болды.</translation>
    </message>
    <message>
        <source>face_fail_backlight</source>
        <extracomment>The light behind you was too bright.</extracomment>
        <translation>Артыңыздағы жарық тым ашық болды.</translation>
    </message>
    <message>
        <source>face_fail_not_clear</source>
        <extracomment>We could not see your face clearly.</extracomment>
        <translation>Бетіңізді анық көре алмадық.</translation>
    </message>
    <message>
        <source>face_fail_no_match</source>
        <extracomment>The face did not match the document photo.</extracomment>
        <translation>Бет құжаттағы суретке сәйкес келмеді.</translation>
    </message>
    <message>
        <source>face_fail_unclear</source>
        <extracomment>The check did not work.</extracomment>
        <translation>Тексеру сәтсіз аяқталды.</translation>
    </message>
    <message>
        <source>face_next_move</source>
        <extracomment>Wait for the picture, do the movement it shows, then look straight at the camera again.</extracomment>
        <translation>Суретті күтіп, ол көрсеткен қимылды жасаңыз да, камераға қайта тура қараңыз.</translation>
    </message>
    <message>
        <source>face_next_one_person</source>
        <extracomment>Make sure only you are in view.</extracomment>
        <translation>Кадрда тек сіз ғана болыңыз.</translation>
    </message>
    <message>
        <source>face_next_live</source>
        <extracomment>Stand in front of the camera yourself, without a photo or a screen.</extracomment>
        <translation>Камера алдында фотосуретсіз және экрансыз өзіңіз тұрыңыз.</translation>
    </message>
    <message>
        <source>face_next_stay</source>
        <extracomment>Keep your face inside the oval until the check ends.</extracomment>
        <translation>Тексеру біткенше бетіңізді сопақша ішінде ұстаңыз.</translation>
    </message>
    <message>
        <source>face_next_light</source>
        <extracomment>Stand where your face is well lit, with no bright light behind you.</extracomment>
        <translation>Бетіңіз жақсы жарықталатын, артыңызда ашық жарық жоқ жерде тұрыңыз.</translation>
    </message>
    <message>
        <source>face_next_look</source>
        <extracomment>Put your face in the oval, look straight at the camera and hold still.</extracomment>
        <translation>Бетіңізді сопақша ішіне қойып, камераға тура қарап, қозғалмаңыз.</translation>
    </message>
    <message>
        <source>face_try_again</source>
        <extracomment>Press “I'm ready” to try again.</extracomment>
        <translation>Қайталау үшін «Дайынмын» түймесін басыңыз.</translation>
    </message>
    <message>
        <source>face_last_attempt</source>
        <extracomment>This is your last attempt.</extracomment>
        <translation>Бұл соңғы әрекет.</translation>
    </message>
    <message>
        <source>chip_place</source>
        <extracomment>Place your passport's photo page on the reader and keep it still</extracomment>
        <translation>Паспорттың суреті бар бетін оқу құрылғысына қойып, қозғалтпай ұстаңыз</translation>
    </message>
    <message>
        <source>chip_reading</source>
        <extracomment>Reading the passport's chip…</extracomment>
        <translation>Паспорт чипі оқылып жатыр…</translation>
    </message>
    <message>
        <source>chip_moved</source>
        <extracomment>The passport moved. Place it on the reader again and keep it still.</extracomment>
        <translation>Паспорт жылжып кетті. Оны оқу құрылғысына қайта қойып, қозғалтпай ұстаңыз.</translation>
    </message>
    <message>
        <source>chip_verified</source>
        <extracomment>The passport's chip is verified</extracomment>
        <translation>Паспорт чипі тексерілді</translation>
    </message>
    <message>
        <source>chip_not_verified</source>
        <extracomment>The passport's chip could not be verified</extracomment>
        <translation>Паспорт чипін тексеру мүмкін болмады</translation>
    </message>
    <message>
        <source>chip_mismatch</source>
        <extracomment>The chip and the printed page do not match</extracomment>
        <translation>Чиптегі деректер паспорт бетіндегі деректерге сәйкес келмейді</translation>
    </message>
    <message>
        <source>chip_clerk</source>
        <extracomment>A member of staff will check your document</extracomment>
        <translation>Құжатыңызды қызметкер тексереді</translation>
    </message>
    <message>
        <source>chip_no_reader</source>
        <extracomment>The chip reader is not connected</extracomment>
        <translation>Чип оқу құрылғысы қосылмаған</translation>
    </message>
    <message>
        <source>back</source>
        <extracomment>Back</extracomment>
        <translation>Артқа</translation>
    </message>
    <message>
        <source>consent_decline</source>
        <extracomment>I do not agree</extracomment>
        <translation>Келіспеймін</translation>
    </message>
    <message>
        <source>cancel_confirm_title</source>
        <extracomment>Stop the registration?</extracomment>
        <translation>Тіркеуді тоқтатасыз ба?</translation>
    </message>
    <message>
        <source>cancel_confirm_text</source>
        <extracomment>What you entered so far will be deleted from this kiosk.</extracomment>
        <translation>Осы уақытқа дейін енгізілген деректер осы құрылғыдан өшіріледі.</translation>
    </message>
    <message>
        <source>cancel_confirm_yes</source>
        <extracomment>Yes, stop</extracomment>
        <translation>Иә, тоқтату</translation>
    </message>
    <message>
        <source>cancel_confirm_no</source>
        <extracomment>No, continue</extracomment>
        <translation>Жоқ, жалғастыру</translation>
    </message>
    <message>
        <source>idle_title</source>
        <extracomment>Need more time?</extracomment>
        <translation>Тағы уақыт керек пе?</translation>
    </message>
    <message>
        <source>idle_text</source>
        <extracomment>The session ends in {n} s. Touch the screen to continue.</extracomment>
        <translation>{n} секундтан кейін сессия аяқталады. Жалғастыру үшін экранды түртіңіз.</translation>
    </message>
    <message>
        <source>idle_more</source>
        <extracomment>Yes, continue</extracomment>
        <translation>Иә, жалғастыру</translation>
    </message>
    <message>
        <source>frozen_title</source>
        <extracomment>This kiosk is temporarily unavailable</extracomment>
        <translation>Киоск уақытша жұмыс істемейді</translation>
    </message>
    <message>
        <source>frozen_text</source>
        <extracomment>Please ask a member of staff at the counter.</extracomment>
        <translation>Кассадағы қызметкерге хабарласыңыз.</translation>
    </message>
    <message>
        <source>take_card</source>
        <extracomment>Take your ID card from the scanner.</extracomment>
        <translation>Жеке куәлігіңізді сканерден алыңыз.</translation>
    </message>
    <message>
        <source>reference_caption</source>
        <extracomment>Your reference</extracomment>
        <translation>Өтініш нөмірі</translation>
    </message>
    <message>
        <source>receipt_phone</source>
        <extracomment>Phone number: {number}</extracomment>
        <translation>Телефон нөмірі: {number}</translation>
    </message>
    <message>
        <source>receipt_sim</source>
        <extracomment>SIM card: …{tail}</extracomment>
        <translation>SIM-карта: …{tail}</translation>
    </message>
    <message>
        <source>data_sent</source>
        <extracomment>Your signed registration was sent to the operator. Photos are not kept on this kiosk.</extracomment>
        <translation>Қол қойылған өтінішіңіз операторға жіберілді. Фотосуреттер осы құрылғыда сақталмайды.</translation>
    </message>
    <message>
        <source>data_kept_queued</source>
        <extracomment>Your registration is kept safely on this kiosk until it has been sent.</extracomment>
        <translation>Өтінішіңіз жіберілгенше осы құрылғыда қорғалған күйде сақталады.</translation>
    </message>
    <message>
        <source>data_rejected</source>
        <extracomment>The registration is kept for a limited time so that staff can check it.</extracomment>
        <translation>Өтініш қызметкер тексеруі үшін шектеулі уақыт сақталады.</translation>
    </message>
    <message>
        <source>end_document</source>
        <extracomment>The document was not accepted</extracomment>
        <translation>Құжат қабылданбады</translation>
    </message>
    <message>
        <source>end_liveness</source>
        <extracomment>The face check did not pass</extracomment>
        <translation>Бетті тексеру өтпеді</translation>
    </message>
    <message>
        <source>end_no_match</source>
        <extracomment>Your face did not match the document photo</extracomment>
        <translation>Бет құжаттағы суретке сәйкес келмеді</translation>
    </message>
    <message>
        <source>end_referred</source>
        <extracomment>A member of staff needs to check</extracomment>
        <translation>Қызметкердің тексеруі қажет</translation>
    </message>
    <message>
        <source>end_review_refused</source>
        <extracomment>The registration was refused</extracomment>
        <translation>Тіркеу қабылданбады</translation>
    </message>
    <message>
        <source>end_cancelled</source>
        <extracomment>The registration was stopped</extracomment>
        <translation>Тіркеу тоқтатылды</translation>
    </message>
    <message>
        <source>end_declined</source>
        <extracomment>You did not agree</extracomment>
        <translation>Келісім берілмеді</translation>
    </message>
    <message>
        <source>end_timed_out</source>
        <extracomment>Time ran out</extracomment>
        <translation>Уақыт бітті</translation>
    </message>
    <message>
        <source>end_failed</source>
        <extracomment>A technical fault occurred</extracomment>
        <translation>Техникалық ақау</translation>
    </message>
    <message>
        <source>end_document_valid</source>
        <extracomment>Come back with a valid ID card, or ask at the counter.</extracomment>
        <translation>Жарамды жеке куәлікпен қайта келіңіз немесе кассаға жақындаңыз.</translation>
    </message>
    <message>
        <source>end_declined_text</source>
        <extracomment>Without your consent the SIM card cannot be registered here. Staff at the counter can help.</extracomment>
        <translation>Келісімсіз SIM-картаны осы жерде тіркеу мүмкін емес. Кассада көмектеседі.</translation>
    </message>
    <message>
        <source>liveness_missed_blink</source>
        <extracomment>You did not blink in time</extracomment>
        <translation>Сіз көзіңізді уақытында жұмып-ашпадыңыз</translation>
    </message>
    <message>
        <source>liveness_missed_turn_left</source>
        <extracomment>You did not turn your head left in time</extracomment>
        <translation>Сіз басыңызды уақытында солға бұрмадыңыз</translation>
    </message>
    <message>
        <source>liveness_missed_turn_right</source>
        <extracomment>You did not turn your head right in time</extracomment>
        <translation>Сіз басыңызды уақытында оңға бұрмадыңыз</translation>
    </message>
    <message>
        <source>liveness_missed_smile</source>
        <extracomment>You did not smile in time</extracomment>
        <translation>Сіз уақытында күлмедіңіз</translation>
    </message>
    <message>
        <source>liveness_missed_nod</source>
        <extracomment>You did not nod in time</extracomment>
        <translation>Сіз басыңызды уақытында иземедіңіз</translation>
    </message>
    <message>
        <source>diag_pin_title</source>
        <extracomment>Diagnostics — technician PIN</extracomment>
        <translation>Диагностика — техниктің PIN-коды</translation>
    </message>
    <message>
        <source>diag_back</source>
        <extracomment>Back</extracomment>
        <translation>Артқа</translation>
    </message>
    <message>
        <source>diag_open</source>
        <extracomment>Open</extracomment>
        <translation>Ашу</translation>
    </message>
    <message>
        <source>diag_wrong_pin</source>
        <extracomment>Wrong PIN.</extracomment>
        <translation>PIN-код қате.</translation>
    </message>
    <message>
        <source>diag_pin_locked</source>
        <extracomment>Too many wrong PINs; wait a minute.</extracomment>
        <translation>Қате PIN-код тым көп енгізілді; бір минут күтіңіз.</translation>
    </message>
    <message>
        <source>diag_run_checks</source>
        <extracomment>Run checks</extracomment>
        <translation>Тексеру</translation>
    </message>
    <message>
        <source>diag_camera</source>
        <extracomment>Camera on/off</extracomment>
        <translation>Камера қосу/өшіру</translation>
    </message>
    <message>
        <source>diag_export</source>
        <extracomment>Export bundle</extracomment>
        <translation>Бума экспорты</translation>
    </message>
    <message>
        <source>diag_close</source>
        <extracomment>Close</extracomment>
        <translation>Жабу</translation>
    </message>
    <message>
        <source>diag_col_status</source>
        <extracomment>status</extracomment>
        <translation>күйі</translation>
    </message>
    <message>
        <source>diag_col_check</source>
        <extracomment>check</extracomment>
        <translation>тексеру</translation>
    </message>
    <message>
        <source>diag_col_detail</source>
        <extracomment>detail</extracomment>
        <translation>толығырақ</translation>
    </message>
    <message>
        <source>diag_camera_off</source>
        <extracomment>camera off</extracomment>
        <translation>камера өшірулі</translation>
    </message>
    <message>
        <source>diag_no_camera</source>
        <extracomment>no camera given</extracomment>
        <translation>камера берілмеген</translation>
    </message>
    <message>
        <source>diag_camera_starting</source>
        <extracomment>camera starting…</extracomment>
        <translation>камера қосылуда…</translation>
    </message>
    <message>
        <source>diag_stream_ended</source>
        <extracomment>camera stream ended</extracomment>
        <translation>камера ағыны аяқталды</translation>
    </message>
    <message>
        <source>diag_camera_error</source>
        <extracomment>camera error: {error}</extracomment>
        <translation>камера қатесі: {error}</translation>
    </message>
    <message>
        <source>diag_crash_files</source>
        <extracomment>Crash files</extracomment>
        <translation>Апат файлдары</translation>
    </message>
    <message>
        <source>diag_no_crashes</source>
        <extracomment>(no crash files)</extracomment>
        <translation>(апат файлдары жоқ)</translation>
    </message>
    <message>
        <source>diag_running</source>
        <extracomment>running checks…</extracomment>
        <translation>тексерулер жүріп жатыр…</translation>
    </message>
    <message>
        <source>diag_checks_done</source>
        <extracomment>{n} checks, {bad} failed</extracomment>
        <translation>{n} тексеру, {bad} қате</translation>
    </message>
    <message>
        <source>diag_checks_error</source>
        <extracomment>checks could not run: {error}</extracomment>
        <translation>тексерулер орындалмады: {error}</translation>
    </message>
    <message>
        <source>diag_writing</source>
        <extracomment>writing the diagnostic bundle…</extracomment>
        <translation>диагностикалық бума жазылуда…</translation>
    </message>
    <message>
        <source>diag_written</source>
        <extracomment>bundle written: {path}</extracomment>
        <translation>бума жазылды: {path}</translation>
    </message>
    <message>
        <source>diag_write_failed</source>
        <extracomment>bundle could not be written: {error}</extracomment>
        <translation>бума жазылмады: {error}</translation>
    </message>
</context>
<context>
    <name>outcomes</name>
    <message>
        <source>activated</source>
        <extracomment>Put the SIM card in your phone: you can use it right away.</extracomment>
        <translation>SIM-картаны телефонға салыңыз: оны бірден пайдалана аласыз.</translation>
    </message>
    <message>
        <source>queued</source>
        <extracomment>Your registration is saved and will be sent automatically when the connection is back. You do not need to come back.</extracomment>
        <translation>Өтінішіңіз сақталды және байланыс қалпына келгенде автоматты түрде жіберіледі. Қайта келудің қажеті жоқ.</translation>
    </message>
    <message>
        <source>rejected</source>
        <extracomment>The operator refused the registration. Please go to the counter with your reference.</extracomment>
        <translation>Оператор өтінішті қабылдамады. Өтініш нөмірімен кассаға жақындаңыз.</translation>
    </message>
    <message>
        <source>document_refused</source>
        <extracomment>A SIM card cannot be activated with this document.</extracomment>
        <translation>Бұл құжатпен SIM-картаны белсендіру мүмкін емес.</translation>
    </message>
    <message>
        <source>liveness_failed</source>
        <extracomment>Please ask a member of staff: they can complete the check at the counter.</extracomment>
        <translation>Қызметкерге хабарласыңыз: ол тексеруді кассада аяқтай алады.</translation>
    </message>
    <message>
        <source>no_match</source>
        <extracomment>Please ask a member of staff: they will check your document at the counter.</extracomment>
        <translation>Қызметкерге хабарласыңыз: ол құжатыңызды кассада тексереді.</translation>
    </message>
    <message>
        <source>referred</source>
        <extracomment>Please go to the counter with your ID card and the SIM card pack.</extracomment>
        <translation>Жеке куәлігіңізбен және SIM-карта бумасымен кассаға жақындаңыз.</translation>
    </message>
    <message>
        <source>review_refused</source>
        <extracomment>If you have questions, please ask the member of staff.</extracomment>
        <translation>Сұрақтарыңыз болса, қызметкерге хабарласыңыз.</translation>
    </message>
    <message>
        <source>frozen</source>
        <extracomment>This kiosk is temporarily out of service. Please go to the counter.</extracomment>
        <translation>Киоск уақытша жұмыс істемейді. Кассаға жақындаңыз.</translation>
    </message>
    <message>
        <source>cancelled</source>
        <extracomment>You can start again at any time.</extracomment>
        <translation>Қаласаңыз, қайтадан бастай аласыз.</translation>
    </message>
    <message>
        <source>timed_out</source>
        <extracomment>The session ended because nothing happened for a while. You can start again.</extracomment>
        <translation>Ешқандай әрекет болмағандықтан, сессия аяқталды. Қайтадан бастай аласыз.</translation>
    </message>
    <message>
        <source>failed</source>
        <extracomment>We are sorry, something went wrong. Please ask a member of staff.</extracomment>
        <translation>Кешіріңіз, бірдеңе дұрыс болмады. Қызметкерге хабарласыңыз.</translation>
    </message>
</context>
<context>
    <name>problems</name>
    <message>
        <source>expired</source>
        <extracomment>The document has expired.</extracomment>
        <translation>Құжаттың мерзімі өткен.</translation>
    </message>
    <message>
        <source>under_age</source>
        <extracomment>The holder is below the minimum age.</extracomment>
        <translation>Иесі ең төменгі жасқа толмаған.</translation>
    </message>
    <message>
        <source>mrz_check_failed</source>
        <extracomment>The document's check digits do not add up.</extracomment>
        <translation>Құжаттағы бақылау сандары сәйкес емес.</translation>
    </message>
    <message>
        <source>mrz_unreadable</source>
        <extracomment>The lines at the bottom of the document could not be read.</extracomment>
        <translation>Құжаттың төменгі жолдарын оқу мүмкін болмады.</translation>
    </message>
    <message>
        <source>mrz_not_found</source>
        <extracomment>The lines at the bottom of the document were not found.</extracomment>
        <translation>Құжаттың төменгі жолдары табылмады.</translation>
    </message>
    <message>
        <source>mrz_format</source>
        <extracomment>The lines at the bottom of the document are not in the right format.</extracomment>
        <translation>Құжаттың төменгі жолдары дұрыс пішімде емес.</translation>
    </message>
    <message>
        <source>birth_date_unknown</source>
        <extracomment>The date of birth could not be read.</extracomment>
        <translation>Туған күнін оқу мүмкін болмады.</translation>
    </message>
    <message>
        <source>expiry_unknown</source>
        <extracomment>The expiry date could not be read.</extracomment>
        <translation>Жарамдылық мерзімін оқу мүмкін болмады.</translation>
    </message>
    <message>
        <source>iin_missing</source>
        <extracomment>No IIN was found on the document.</extracomment>
        <translation>Құжатта ЖСН табылмады.</translation>
    </message>
    <message>
        <source>iin_invalid</source>
        <extracomment>The IIN is not valid.</extracomment>
        <translation>ЖСН дұрыс емес.</translation>
    </message>
    <message>
        <source>iin_mismatch</source>
        <extracomment>The IIN does not agree with the birth date or sex.</extracomment>
        <translation>ЖСН туған күнмен немесе жынысымен сәйкес емес.</translation>
    </message>
    <message>
        <source>foreign_document</source>
        <extracomment>Foreign document: a member of staff must check it.</extracomment>
        <translation>Шетелдік құжат: қызметкер тексеруі қажет.</translation>
    </message>
    <message>
        <source>issuer_refused</source>
        <extracomment>Documents from this country are not accepted.</extracomment>
        <translation>Бұл елдің құжаттары қабылданбайды.</translation>
    </message>
    <message>
        <source>no_portrait</source>
        <extracomment>The photo on the document was not found.</extracomment>
        <translation>Құжаттағы сурет табылмады.</translation>
    </message>
    <message>
        <source>no_face</source>
        <extracomment>No face is visible.</extracomment>
        <translation>Бет көрінбейді.</translation>
    </message>
    <message>
        <source>two_faces</source>
        <extracomment>Only one person may be in view.</extracomment>
        <translation>Кадрда тек бір адам болуы керек.</translation>
    </message>
    <message>
        <source>face_too_small</source>
        <extracomment>Come closer to the camera.</extracomment>
        <translation>Камераға жақынырақ келіңіз.</translation>
    </message>
    <message>
        <source>too_dark</source>
        <extracomment>It is too dark.</extracomment>
        <translation>Тым қараңғы.</translation>
    </message>
    <message>
        <source>too_bright</source>
        <extracomment>It is too bright.</extracomment>
        <translation>Тым жарық.</translation>
    </message>
    <message>
        <source>blurry</source>
        <extracomment>The picture is blurry.</extracomment>
        <translation>Сурет бұлыңғыр.</translation>
    </message>
    <message>
        <source>not_frontal</source>
        <extracomment>Look straight at the camera.</extracomment>
        <translation>Камераға тура қараңыз.</translation>
    </message>
    <message>
        <source>different_faces</source>
        <extracomment>The faces seen belong to different people.</extracomment>
        <translation>Кадрдағы беттер әртүрлі адамдарға тиесілі.</translation>
    </message>
    <message>
        <source>face_match_review</source>
        <extracomment>The face match is borderline: compare for yourself.</extracomment>
        <translation>Бет сәйкестігі шекаралық: салыстырып қараңыз.</translation>
    </message>
    <message>
        <source>liveness_failed</source>
        <extracomment>The liveness check did not pass.</extracomment>
        <translation>Тірі адамды тексеру өтпеді.</translation>
    </message>
    <message>
        <source>iin_required</source>
        <extracomment>The document carries no IIN: enter the customer's IIN.</extracomment>
        <translation>Құжатта ЖСН жоқ: клиенттің ЖСН-ын енгізіңіз.</translation>
    </message>
    <message>
        <source>chip_mrz_mismatch</source>
        <extracomment>The data in the chip does not match the document page.</extracomment>
        <translation>Чиптегі деректер құжат бетіндегі деректерге сәйкес келмейді.</translation>
    </message>
    <message>
        <source>chip_access_denied</source>
        <extracomment>The lines on the document page did not open the chip.</extracomment>
        <translation>Құжат бетіндегі жолдар чипті ашпады.</translation>
    </message>
    <message>
        <source>chip_dg_hash_mismatch</source>
        <extracomment>The data in the chip has been altered.</extracomment>
        <translation>Чиптегі деректер өзгертілген.</translation>
    </message>
    <message>
        <source>chip_dg_hash_missing</source>
        <extracomment>The data in the chip is not covered by the signature.</extracomment>
        <translation>Чиптегі деректер қолтаңбамен расталмаған.</translation>
    </message>
    <message>
        <source>chip_sod_invalid</source>
        <extracomment>The chip's security file is damaged.</extracomment>
        <translation>Чиптің қауіпсіздік файлы бүлінген.</translation>
    </message>
    <message>
        <source>chip_sod_signature_invalid</source>
        <extracomment>The chip's signature is not valid.</extracomment>
        <translation>Чиптің қолтаңбасы жарамсыз.</translation>
    </message>
    <message>
        <source>chip_signer_untrusted</source>
        <extracomment>The chip was signed by an authority that is not trusted.</extracomment>
        <translation>Чипке қол қойған органға сенім жоқ.</translation>
    </message>
    <message>
        <source>chip_signer_missing</source>
        <extracomment>The chip carries no signer certificate.</extracomment>
        <translation>Чипте қол қоюшының сертификаты жоқ.</translation>
    </message>
    <message>
        <source>chip_signer_revoked</source>
        <extracomment>The chip signer's certificate has been revoked.</extracomment>
        <translation>Чипке қол қоюшының сертификаты кері қайтарылған.</translation>
    </message>
    <message>
        <source>chip_signer_expired</source>
        <extracomment>The chip signer's certificate has expired.</extracomment>
        <translation>Чипке қол қоюшының сертификатының мерзімі өткен.</translation>
    </message>
    <message>
        <source>chip_signer_not_yet_valid</source>
        <extracomment>The chip signer's certificate is not valid yet.</extracomment>
        <translation>Чипке қол қоюшының сертификаты әлі күшіне енбеген.</translation>
    </message>
    <message>
        <source>chip_crl_stale</source>
        <extracomment>The list of revoked certificates for this country is out of date: a clerk checks the document.</extracomment>
        <translation>Бұл елдің кері қайтарылған сертификаттар тізімі ескірген: құжатты қызметкер тексереді.</translation>
    </message>
    <message>
        <source>chip_csca_missing</source>
        <extracomment>The issuing country's certificate is not installed: a clerk checks the document.</extracomment>
        <translation>Құжатты берген елдің сертификаты орнатылмаған: қызметкер тексереді.</translation>
    </message>
    <message>
        <source>chip_csca_expired</source>
        <extracomment>The issuing country's certificate has expired.</extracomment>
        <translation>Құжатты берген елдің сертификатының мерзімі өткен.</translation>
    </message>
    <message>
        <source>chip_active_auth_failed</source>
        <extracomment>The chip does not appear to be genuine (it may be a copy).</extracomment>
        <translation>Чип түпнұсқа емес сияқты (көшірме болуы мүмкін).</translation>
    </message>
    <message>
        <source>chip_auth_failed</source>
        <extracomment>The chip does not appear to be genuine (it may be a copy).</extracomment>
        <translation>Чип түпнұсқа емес сияқты (көшірме болуы мүмкін).</translation>
    </message>
    <message>
        <source>chip_card_removed</source>
        <extracomment>The passport was lifted during reading. Place it again and keep it still.</extracomment>
        <translation>Паспорт оқу кезінде алынып қалды. Оны қайта қойып, қозғалтпай ұстаңыз.</translation>
    </message>
    <message>
        <source>chip_no_card</source>
        <extracomment>No document with a chip was found on the reader.</extracomment>
        <translation>Оқу құрылғысында чипі бар құжат табылмады.</translation>
    </message>
    <message>
        <source>chip_not_read</source>
        <extracomment>The document's chip was not read, and it is required.</extracomment>
        <translation>Құжаттың чипі оқылмады, ал ол міндетті.</translation>
    </message>
    <message>
        <source>chip_not_emrtd</source>
        <extracomment>The card on the reader is not a passport chip.</extracomment>
        <translation>Оқу құрылғысындағы карта паспорт чипі емес.</translation>
    </message>
    <message>
        <source>chip_file_missing</source>
        <extracomment>The chip lacks data it should hold.</extracomment>
        <translation>Чипте қажетті деректер жоқ.</translation>
    </message>
    <message>
        <source>chip_file_invalid</source>
        <extracomment>The data in the chip cannot be read.</extracomment>
        <translation>Чиптегі деректерді оқу мүмкін емес.</translation>
    </message>
    <message>
        <source>chip_secure_messaging_failed</source>
        <extracomment>The connection to the chip broke. Place the passport again.</extracomment>
        <translation>Чиппен байланыс үзілді. Паспортты қайта қойыңыз.</translation>
    </message>
    <message>
        <source>chip_protocol_error</source>
        <extracomment>The connection to the chip broke. Place the passport again.</extracomment>
        <translation>Чиппен байланыс үзілді. Паспортты қайта қойыңыз.</translation>
    </message>
    <message>
        <source>chip_reader_absent</source>
        <extracomment>The chip reader is not connected.</extracomment>
        <translation>Чип оқу құрылғысы қосылмаған.</translation>
    </message>
    <message>
        <source>chip_reader_error</source>
        <extracomment>The chip reader is not working.</extracomment>
        <translation>Чип оқу құрылғысы жұмыс істемей тұр.</translation>
    </message>
    <message>
        <source>printed_portrait_mismatch</source>
        <extracomment>The photo on the document page does not match the chip's.</extracomment>
        <translation>Құжат бетіндегі сурет чиптегі суретке сәйкес келмейді.</translation>
    </message>
    <message>
        <source>mrz_unknown_state</source>
        <extracomment>The country code on the document is unknown: a clerk checks it.</extracomment>
        <translation>Құжаттағы ел коды белгісіз: қызметкер тексереді.</translation>
    </message>
    <message>
        <source>unknown</source>
        <extracomment>The document cannot be accepted.</extracomment>
        <translation>Құжатты қабылдау мүмкін емес.</translation>
    </message>
</context>
<context>
    <name>prompts</name>
    <message>
        <source>blink</source>
        <extracomment>Blink</extracomment>
        <translation>Көзіңізді жұмып-ашыңыз</translation>
    </message>
    <message>
        <source>turn_left</source>
        <extracomment>Turn your head left</extracomment>
        <translation>Басыңызды солға бұрыңыз</translation>
    </message>
    <message>
        <source>turn_right</source>
        <extracomment>Turn your head right</extracomment>
        <translation>Басыңызды оңға бұрыңыз</translation>
    </message>
    <message>
        <source>smile</source>
        <extracomment>Smile</extracomment>
        <translation>Күліңіз</translation>
    </message>
    <message>
        <source>nod</source>
        <extracomment>Nod your head</extracomment>
        <translation>Басыңызды изеңіз</translation>
    </message>
</context>
<context>
    <name>guidance</name>
    <message>
        <source>move_closer</source>
        <extracomment>Come closer</extracomment>
        <translation>Жақынырақ келіңіз</translation>
    </message>
    <message>
        <source>move_back</source>
        <extracomment>Step back a little</extracomment>
        <translation>Сәл алысырақ тұрыңыз</translation>
    </message>
    <message>
        <source>center_face</source>
        <extracomment>Put your face in the middle of the frame</extracomment>
        <translation>Бетіңізді жақтаудың ортасына келтіріңіз</translation>
    </message>
    <message>
        <source>no_face</source>
        <extracomment>We cannot see your face</extracomment>
        <translation>Бет көрінбейді</translation>
    </message>
    <message>
        <source>second_face</source>
        <extracomment>Only one person in view, please</extracomment>
        <translation>Кадрда тек бір адам болсын</translation>
    </message>
    <message>
        <source>two_faces</source>
        <extracomment>Only one person in view, please</extracomment>
        <translation>Кадрда тек бір адам болсын</translation>
    </message>
    <message>
        <source>hold_still</source>
        <extracomment>Hold still</extracomment>
        <translation>Қозғалмаңыз</translation>
    </message>
    <message>
        <source>more_light</source>
        <extracomment>Not enough light</extracomment>
        <translation>Жарық жеткіліксіз</translation>
    </message>
    <message>
        <source>look_at_camera</source>
        <extracomment>Look at the camera</extracomment>
        <translation>Камераға қараңыз</translation>
    </message>
    <message>
        <source>one_person</source>
        <extracomment>Only one person in view, please</extracomment>
        <translation>Кадрда тек бір адам болсын</translation>
    </message>
    <message>
        <source>too_dark</source>
        <extracomment>Too dark, move to more light</extracomment>
        <translation>Тым қараңғы, жарығырақ жерге тұрыңыз</translation>
    </message>
    <message>
        <source>backlight</source>
        <extracomment>Too much light behind you</extracomment>
        <translation>Артыңыздағы жарық тым ашық</translation>
    </message>
    <message>
        <source>too_bright</source>
        <extracomment>Too bright</extracomment>
        <translation>Жарық тым ашық</translation>
    </message>
    <message>
        <source>blurry</source>
        <extracomment>Hold still</extracomment>
        <translation>Қозғалмаңыз</translation>
    </message>
</context>
<context>
    <name>fields</name>
    <message>
        <source>surname</source>
        <extracomment>Surname</extracomment>
        <translation>Тегі</translation>
    </message>
    <message>
        <source>given_names</source>
        <extracomment>Given names</extracomment>
        <translation>Аты</translation>
    </message>
    <message>
        <source>document_number</source>
        <extracomment>Document number</extracomment>
        <translation>Құжат нөмірі</translation>
    </message>
    <message>
        <source>iin</source>
        <extracomment>IIN</extracomment>
        <translation>ЖСН</translation>
    </message>
    <message>
        <source>birth_date</source>
        <extracomment>Date of birth</extracomment>
        <translation>Туған күні</translation>
    </message>
    <message>
        <source>expiry_date</source>
        <extracomment>Expiry date</extracomment>
        <translation>Жарамдылық мерзімі</translation>
    </message>
    <message>
        <source>sex</source>
        <extracomment>Sex</extracomment>
        <translation>Жынысы</translation>
    </message>
    <message>
        <source>nationality</source>
        <extracomment>Nationality</extracomment>
        <translation>Азаматтығы</translation>
    </message>
    <message>
        <source>issuer</source>
        <extracomment>Issuing country</extracomment>
        <translation>Берген ел</translation>
    </message>
    <message>
        <source>document_type</source>
        <extracomment>Document type</extracomment>
        <translation>Құжат түрі</translation>
    </message>
    <message>
        <source>number</source>
        <extracomment>Document number</extracomment>
        <translation>Құжат нөмірі</translation>
    </message>
</context>
</TS>
