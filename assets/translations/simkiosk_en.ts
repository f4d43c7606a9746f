<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="en">
<context>
    <name>text</name>
    <message>
        <source>app_title</source>
        <translation>SIM card registration</translation>
    </message>
    <message>
        <source>cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>continue</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>please_wait</source>
        <translation>Please wait…</translation>
    </message>
    <message>
        <source>step_of</source>
        <translation>Step {n} of {total}</translation>
    </message>
    <message>
        <source>error_generic</source>
        <translation>Something went wrong. Please ask a member of staff.</translation>
    </message>
    <message>
        <source>error_device</source>
        <translation>A device of this kiosk is not working. Please ask a member of staff.</translation>
    </message>
    <message>
        <source>attract_title</source>
        <translation>Activate your SIM card here</translation>
    </message>
    <message>
        <source>attract_touch</source>
        <translation>Touch the screen to start</translation>
    </message>
    <message>
        <source>attract_needs</source>
        <translation>You need your ID card and the SIM card pack</translation>
    </message>
    <message>
        <source>start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>attract_crash_notice</source>
        <translation>Technician: see diagnostics</translation>
    </message>
    <message>
        <source>language_title</source>
        <translation>Choose your language</translation>
    </message>
    <message>
        <source>login_title</source>
        <translation>Staff login</translation>
    </message>
    <message>
        <source>login_id</source>
        <translation>Operator ID</translation>
    </message>
    <message>
        <source>login_pin</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>login_button</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>login_refused</source>
        <translation>Wrong operator ID or PIN</translation>
    </message>
    <message>
        <source>consent_title</source>
        <translation>Your consent</translation>
    </message>
    <message>
        <source>consent_text</source>
        <translation>To activate your SIM card we read your ID card, check your face with the camera and compare it with the photo on the document. The data is used only for this check and for the signed record sent to the operator. When the session ends, the photos and your personal data are deleted from this device.</translation>
    </message>
    <message>
        <source>consent_agree</source>
        <translation>I agree</translation>
    </message>
    <message>
        <source>document_title</source>
        <translation>Place your ID card on the scanner</translation>
    </message>
    <message>
        <source>document_hint</source>
        <translation>Photo side down</translation>
    </message>
    <message>
        <source>document_scan</source>
        <translation>Scan</translation>
    </message>
    <message>
        <source>document_reading</source>
        <translation>Reading the document…</translation>
    </message>
    <message>
        <source>document_retry</source>
        <translation>The document could not be read. Lay it flat and try again.</translation>
    </message>
    <message>
        <source>document_attempt</source>
        <translation>Attempt {n} of {total}</translation>
    </message>
    <message>
        <source>sim_title</source>
        <translation>Scan the barcode on the SIM card pack</translation>
    </message>
    <message>
        <source>sim_iccid</source>
        <translation>ICCID (19–20 digits)</translation>
    </message>
    <message>
        <source>sim_msisdn</source>
        <translation>Phone number (optional)</translation>
    </message>
    <message>
        <source>sim_iccid_bad</source>
        <translation>This SIM card number is not valid. Scan it again.</translation>
    </message>
    <message>
        <source>sim_msisdn_bad</source>
        <translation>The phone number must have 10 to 15 digits.</translation>
    </message>
    <message>
        <source>sim_iccid_ok</source>
        <translation>SIM card number is valid</translation>
    </message>
    <message>
        <source>face_title</source>
        <translation>Look at the camera</translation>
    </message>
    <message>
        <source>face_hint</source>
        <translation>Follow the instructions on the screen</translation>
    </message>
    <message>
        <source>face_ready</source>
        <translation>I'm ready</translation>
    </message>
    <message>
        <source>face_checking</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>face_liveness_failed</source>
        <translation>The check did not work. Follow the instructions closely and try again.</translation>
    </message>
    <message>
        <source>face_no_match</source>
        <translation>Your face did not match the photo on the document. Look straight at the camera and try again.</translation>
    </message>
    <message>
        <source>face_attempt</source>
        <translation>Attempt {n} of {total}</translation>
    </message>
    <message>
        <source>face_progress</source>
        <translation>Task {n} of {total}</translation>
    </message>
    <message>
        <source>review_title</source>
        <translation>Clerk review</translation>
    </message>
    <message>
        <source>review_why</source>
        <translation>Why a review is needed:</translation>
    </message>
    <message>
        <source>review_match</source>
        <translation>Face match: {band} (distance {distance:.3f}, threshold {threshold:.2f})</translation>
    </message>
    <message>
        <source>band_match</source>
        <translation>match</translation>
    </message>
    <message>
        <source>band_review</source>
        <translation>borderline</translation>
    </message>
    <message>
        <source>band_no_match</source>
        <translation>no match</translation>
    </message>
    <message>
        <source>review_no_match_data</source>
        <translation>Face match not measured yet</translation>
    </message>
    <message>
        <source>review_fields</source>
        <translation>Document data (correct a misread field)</translation>
    </message>
    <message>
        <source>review_reason</source>
        <translation>Reason (required)</translation>
    </message>
    <message>
        <source>review_approve</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>review_refuse</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <source>review_reason_needed</source>
        <translation>Write the reason for the decision</translation>
    </message>
    <message>
        <source>submit_title</source>
        <translation>Sending your registration…</translation>
    </message>
    <message>
        <source>receipt_activated</source>
        <translation>Your SIM card is activated</translation>
    </message>
    <message>
        <source>receipt_activated_text</source>
        <translation>You can use it right away.</translation>
    </message>
    <message>
        <source>receipt_queued</source>
        <translation>Your registration is saved</translation>
    </message>
    <message>
        <source>receipt_queued_text</source>
        <translation>The operator's server cannot be reached right now. Your signed registration is saved on this kiosk and will be sent automatically when the connection is back. The SIM card will work after that; you do not need to come back.</translation>
    </message>
    <message>
        <source>receipt_rejected</source>
        <translation>The activation was refused</translation>
    </message>
    <message>
        <source>receipt_rejected_text</source>
        <translation>The operator refused this registration. Please ask a member of staff.</translation>
    </message>
    <message>
        <source>receipt_number</source>
        <translation>Reference: {ref}</translation>
    </message>
    <message>
        <source>done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>ended_thanks</source>
        <translation>Thank you!</translation>
    </message>
    <message>
        <source>ended_wiped</source>
        <translation>Your data has been deleted from this device.</translation>
    </message>
    <message>
        <source>ended_again</source>
        <translation>Back to start</translation>
    </message>
    <message>
        <source>sim_keypad_hint</source>
        <translation>Scan the pack's barcode or type the number on the keypad</translation>
    </message>
    <message>
        <source>review_faces</source>
        <translation>Document photo and live camera face</translation>
    </message>
    <message>
        <source>review_document_photo</source>
        <translation>Document photo</translation>
    </message>
    <message>
        <source>review_live_photo</source>
        <translation>Live camera</translation>
    </message>
    <message>
        <source>review_no_photo</source>
        <translation>No picture</translation>
    </message>
    <message>
        <source>similarity_strong</source>
        <translation>Similarity: strong</translation>
    </message>
    <message>
        <source>similarity_borderline</source>
        <translation>Similarity: borderline — compare the faces yourself</translation>
    </message>
    <message>
        <source>similarity_weak</source>
        <translation>Similarity: weak</translation>
    </message>
    <message>
        <source>similarity_numbers</source>
        <translation>distance {distance:.3f}, threshold {threshold:.2f} (lower is closer)</translation>
    </message>
    <message>
        <source>review_iin_label</source>
        <translation>Customer's IIN (not on the document, required)</translation>
    </message>
    <message>
        <source>review_iin_hint</source>
        <translation>A foreign resident's IIN is on their residence permit or IIN certificate</translation>
    </message>
    <message>
        <source>review_iin_ok</source>
        <translation>The IIN is valid and agrees with the document</translation>
    </message>
    <message>
        <source>iin_format</source>
        <translation>An IIN has 12 digits</translation>
    </message>
    <message>
        <source>iin_invalid_entry</source>
        <translation>This IIN is not valid (wrong check digit or date)</translation>
    </message>
    <message>
        <source>iin_birth_mismatch</source>
        <translation>The IIN's birth date differs from the document's</translation>
    </message>
    <message>
        <source>iin_sex_mismatch</source>
        <translation>The IIN's sex digit differs from the document's</translation>
    </message>
    <message>
        <source>review_approve_needs_iin</source>
        <translation>To approve, enter the customer's valid IIN: {why}</translation>
    </message>
    <message>
        <source>review_reason_label</source>
        <translation>Reason for the decision</translation>
    </message>
    <message>
        <source>clerk_logout</source>
        <translation>Log out ({clerk})</translation>
    </message>
    <message>
        <source>clerk_logged_in</source>
        <translation>Clerk: {clerk}</translation>
    </message>
    <message>
        <source>clerk_language</source>
        <translation>Staff language</translation>
    </message>
    <message>
        <source>login_shift</source>
        <translation>Log in once per shift; locks after {minutes} min without activity</translation>
    </message>
    <message>
        <source>submissions_open</source>
        <translation>Today's submissions</translation>
    </message>
    <message>
        <source>submissions_title</source>
        <translation>Today's submissions</translation>
    </message>
    <message>
        <source>submissions_empty</source>
        <translation>No submissions today</translation>
    </message>
    <message>
        <source>submissions_counts</source>
        <translation>Delivered: {delivered} · Queued: {queued} · Refused: {refused}</translation>
    </message>
    <message>
        <source>submissions_time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>submissions_ref</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>submissions_sim</source>
        <translation>SIM (last digits)</translation>
    </message>
    <message>
        <source>submissions_state</source>
        <translation>State</translation>
    </message>
    <message>
        <source>submissions_why</source>
        <translation>Why</translation>
    </message>
    <message>
        <source>state_delivered</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>state_queued</source>
        <translation>Queued</translation>
    </message>
    <message>
        <source>state_sending</source>
        <translation>Sending</translation>
    </message>
    <message>
        <source>state_refused</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>submissions_retry</source>
        <translation>Send queued now</translation>
    </message>
    <message>
        <source>submissions_retrying</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <source>submissions_retried</source>
        <translation>Delivered: {delivered}, still queued: {pending}</translation>
    </message>
    <message>
        <source>submissions_close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>submissions_waiting</source>
        <translation>next attempt {time}</translation>
    </message>
    <message>
        <source>diag_check_freeze</source>
        <translation>Freeze state</translation>
    </message>
    <message>
        <source>diag_check_camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>diag_check_scanner</source>
        <translation>Document scanner</translation>
    </message>
    <message>
        <source>diag_check_serial_reader</source>
        <translation>MRZ reader (serial)</translation>
    </message>
    <message>
        <source>diag_check_barcode</source>
        <translation>Barcode reader</translation>
    </message>
    <message>
        <source>diag_check_server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>diag_check_tls</source>
        <translation>TLS (encryption)</translation>
    </message>
    <message>
        <source>diag_check_clock</source>
        <translation>Clock skew</translation>
    </message>
    <message>
        <source>diag_check_outbox</source>
        <translation>Outbox</translation>
    </message>
    <message>
        <source>diag_check_key</source>
        <translation>Device key</translation>
    </message>
    <message>
        <source>diag_check_versions</source>
        <translation>Versions</translation>
    </message>
    <message>
        <source>diag_check_models</source>
        <translation>Models</translation>
    </message>
    <message>
        <source>diag_check_disk</source>
        <translation>Disk</translation>
    </message>
    <message>
        <source>diag_check_state_dir</source>
        <translation>State directory</translation>
    </message>
    <message>
        <source>diag_check_diagnostics_pin</source>
        <translation>Diagnostics PIN</translation>
    </message>
    <message>
        <source>diag_status_ok</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>diag_status_warn</source>
        <translation>WARNING</translation>
    </message>
    <message>
        <source>diag_status_error</source>
        <translation>ERROR</translation>
    </message>
    <message>
        <source>diag_status_skip</source>
        <translation>SKIPPED</translation>
    </message>
    <message>
        <source>diag_status_untested</source>
        <translation>NOT TESTED</translation>
    </message>
    <message>
        <source>diag_tab_checks</source>
        <translation>Checks</translation>
    </message>
    <message>
        <source>diag_tab_devices</source>
        <translation>Devices</translation>
    </message>
    <message>
        <source>diag_tab_log</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>diag_frozen</source>
        <translation>KIOSK FROZEN — new customers are not taken</translation>
    </message>
    <message>
        <source>diag_not_frozen</source>
        <translation>Not frozen: the kiosk takes customers</translation>
    </message>
    <message>
        <source>diag_freeze_unknown</source>
        <translation>Checking the freeze state…</translation>
    </message>
    <message>
        <source>diag_untested</source>
        <translation>not tested yet — test it on the Devices tab</translation>
    </message>
    <message>
        <source>diag_test_scan</source>
        <translation>Test scan</translation>
    </message>
    <message>
        <source>diag_scanning</source>
        <translation>scanning…</translation>
    </message>
    <message>
        <source>diag_no_scanner</source>
        <translation>no scanner given</translation>
    </message>
    <message>
        <source>diag_barcode_hint</source>
        <translation>Scan a SIM card's barcode</translation>
    </message>
    <message>
        <source>diag_barcode_ok</source>
        <translation>{n} characters read: a valid ICCID (Luhn check digit correct)</translation>
    </message>
    <message>
        <source>diag_barcode_bad</source>
        <translation>{n} characters read, not a valid ICCID: {reason}</translation>
    </message>
    <message>
        <source>diag_serial_listen</source>
        <translation>Listen ({s} s)</translation>
    </message>
    <message>
        <source>diag_serial_listening</source>
        <translation>Swipe a document now (waiting {s} s)…</translation>
    </message>
    <message>
        <source>diag_no_serial</source>
        <translation>no serial MRZ reader configured</translation>
    </message>
    <message>
        <source>diag_no_pin_set</source>
        <translation>No diagnostics PIN is set (kiosk.diagnostics_pin): the screen stays locked.</translation>
    </message>
    <message>
        <source>diag_face_found</source>
        <translation>face found</translation>
    </message>
    <message>
        <source>diag_no_face</source>
        <translation>no face</translation>
    </message>
    <message>
        <source>face_position</source>
        <translation>Put your face in the oval, then press “I'm ready”</translation>
    </message>
    <message>
        <source>face_in_place</source>
        <translation>Good, your face is in place</translation>
    </message>
    <message>
        <source>face_get_ready</source>
        <translation>Hold still for the next picture</translation>
    </message>
    <message>
        <source>face_matching</source>
        <translation>Comparing with your document photo…</translation>
    </message>
    <message>
        <source>face_camera_starting</source>
        <translation>Starting the camera…</translation>
    </message>
    <message>
        <source>face_fail_no_answer_blink</source>
        <translation>You did not blink in time.</translation>
    </message>
    <message>
        <source>face_fail_no_answer_turn_left</source>
        <translation>You did not turn your head left in time.</translation>
    </message>
    <message>
        <source>face_fail_no_answer_turn_right</source>
        <translation>You did not turn your head right in time.</translation>
    </message>
    <message>
        <source>face_fail_no_answer_smile</source>
        <translation>You did not smile in time.</translation>
    </message>
    <message>
        <source>face_fail_no_answer_nod</source>
        <translation>You did not nod in time.</translation>
    </message>
    <message>
        <source>face_fail_wrong_move</source>
        <translation>You made a different movement from the one shown.</translation>
    </message>
    <message>
        <source>face_fail_no_return</source>
        <translation>After the movement you did not look straight at the camera again.</translation>
    </message>
    <message>
        <source>face_fail_not_still</source>
        <translation>You moved while waiting for the next picture.</translation>
    </message>
    <message>
        <source>face_fail_too_early</source>
        <translation>You moved before the picture appeared.</translation>
    </message>
    <message>
        <source>face_fail_second_face</source>
        <translation>More than one person was in view.</translation>
    </message>
    <message>
        <source>face_fail_not_live</source>
        <translation>We could not confirm that a live person is in front of the camera.</translation>
    </message>
    <message>
        <source>face_fail_face_lost</source>
        <translation>Your face left the camera's view.</translation>
    </message>
    <message>
        <source>face_fail_too_dark</source>
        <translation>It was too dark to see your face.</translation>
    </message>
    <message>
        <source>face_fail_backlight</source>
        <translation>The light behind you was too bright.</translation>
    </message>
    <message>
        <source>face_fail_not_clear</source>
        <translation>We could not see your face clearly.</translation>
    </message>
    <message>
        <source>face_fail_no_match</source>
        <translation>The face did not match the document photo.</translation>
    </message>
    <message>
        <source>face_fail_unclear</source>
        <translation>The check did not work.</translation>
    </message>
    <message>
        <source>face_next_move</source>
        <translation>Wait for the picture, do the movement it shows, then look straight at the camera again.</translation>
    </message>
    <message>
        <source>face_next_one_person</source>
        <translation>Make sure only you are in view.</translation>
    </message>
    <message>
        <source>face_next_live</source>
        <translation>Stand in front of the camera yourself, without a photo or a screen.</translation>
    </message>
    <message>
        <source>face_next_stay</source>
        <translation>Keep your face inside the oval until the check ends.</translation>
    </message>
    <message>
        <source>face_next_light</source>
        <translation>Stand where your face is well lit, with no bright light behind you.</translation>
    </message>
    <message>
        <source>face_next_look</source>
        <translation>Put your face in the oval, look straight at the camera and hold still.</translation>
    </message>
    <message>
        <source>face_try_again</source>
        <translation>Press “I'm ready” to try again.</translation>
    </message>
    <message>
        <source>face_last_attempt</source>
        <translation>This is your last attempt.</translation>
    </message>
    <message>
        <source>chip_place</source>
        <translation>Place your passport's photo page on the reader and keep it still</translation>
    </message>
    <message>
        <source>chip_reading</source>
        <translation>Reading the passport's chip…</translation>
    </message>
    <message>
        <source>chip_moved</source>
        <translation>The passport moved. Place it on the reader again and keep it still.</translation>
    </message>
    <message>
        <source>chip_verified</source>
        <translation>The passport's chip is verified</translation>
    </message>
    <message>
        <source>chip_not_verified</source>
        <translation>The passport's chip could not be verified</translation>
    </message>
    <message>
        <source>chip_mismatch</source>
        <translation>The chip and the printed page do not match</translation>
    </message>
    <message>
        <source>chip_clerk</source>
        <translation>A member of staff will check your document</translation>
    </message>
    <message>
        <source>chip_no_reader</source>
        <translation>The chip reader is not connected</translation>
    </message>
    <message>
        <source>back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>consent_decline</source>
        <translation>I do not agree</translation>
    </message>
    <message>
        <source>cancel_confirm_title</source>
        <translation>Stop the registration?</translation>
    </message>
    <message>
        <source>cancel_confirm_text</source>
        <translation>What you entered so far will be deleted from this kiosk.</translation>
    </message>
    <message>
        <source>cancel_confirm_yes</source>
        <translation>Yes, stop</translation>
    </message>
    <message>
        <source>cancel_confirm_no</source>
        <translation>No, continue</translation>
    </message>
    <message>
        <source>idle_title</source>
        <translation>Need more time?</translation>
    </message>
    <message>
        <source>idle_text</source>
        <translation>The session ends in {n} s. Touch the screen to continue.</translation>
    </message>
    <message>
        <source>idle_more</source>
        <translation>Yes, continue</translation>
    </message>
    <message>
        <source>frozen_title</source>
        <translation>This kiosk is temporarily unavailable</translation>
    </message>
    <message>
        <source>frozen_text</source>
        <translation>Please ask a member of staff at the counter.</translation>
    </message>
    <message>
        <source>take_card</source>
        <translation>Take your ID card from the scanner.</translation>
    </message>
    <message>
        <source>reference_caption</source>
        <translation>Your reference</translation>
    </message>
    <message>
        <source>receipt_phone</source>
        <translation>Phone number: {number}</translation>
    </message>
    <message>
        <source>receipt_sim</source>
        <translation>SIM card: …{tail}</translation>
    </message>
    <message>
        <source>data_sent</source>
        <translation>Your signed registration was sent to the operator. Photos are not kept on this kiosk.</translation>
    </message>
    <message>
        <source>data_kept_queued</source>
        <translation>Your registration is kept safely on this kiosk until it has been sent.</translation>
    </message>
    <message>
        <source>data_rejected</source>
        <translation>The registration is kept for a limited time so that staff can check it.</translation>
    </message>
    <message>
        <source>end_document</source>
        <translation>The document was not accepted</translation>
    </message>
    <message>
        <source>end_liveness</source>
        <translation>The face check did not pass</translation>
    </message>
    <message>
        <source>end_no_match</source>
        <translation>Your face did not match the document photo</translation>
    </message>
    <message>
        <source>end_referred</source>
        <translation>A member of staff needs to check</translation>
    </message>
    <message>
        <source>end_review_refused</source>
        <translation>The registration was refused</translation>
    </message>
    <message>
        <source>end_cancelled</source>
        <translation>The registration was stopped</translation>
    </message>
    <message>
        <source>end_declined</source>
        <translation>You did not agree</translation>
    </message>
    <message>
        <source>end_timed_out</source>
        <translation>Time ran out</translation>
    </message>
    <message>
        <source>end_failed</source>
        <translation>A technical fault occurred</translation>
    </message>
    <message>
        <source>end_document_valid</source>
        <translation>Come back with a valid ID card, or ask at the counter.</translation>
    </message>
    <message>
        <source>end_declined_text</source>
        <translation>Without your consent the SIM card cannot be registered here. Staff at the counter can help.</translation>
    </message>
    <message>
        <source>liveness_missed_blink</source>
        <translation>You did not blink in time</translation>
    </message>
    <message>
        <source>liveness_missed_turn_left</source>
        <translation>You did not turn your head left in time</translation>
    </message>
    <message>
        <source>liveness_missed_turn_right</source>
        <translation>You did not turn your head right in time</translation>
    </message>
    <message>
        <source>liveness_missed_smile</source>
        <translation>You did not smile in time</translation>
    </message>
    <message>
        <source>liveness_missed_nod</source>
        <translation>You did not nod in time</translation>
    </message>
    <message>
        <source>diag_pin_title</source>
        <translation>Diagnostics — technician PIN</translation>
    </message>
    <message>
        <source>diag_back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>diag_open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>diag_wrong_pin</source>
        <translation>Wrong PIN.</translation>
    </message>
    <message>
        <source>diag_pin_locked</source>
        <translation>Too many wrong PINs; wait a minute.</translation>
    </message>
    <message>
        <source>diag_run_checks</source>
        <translation>Run checks</translation>
    </message>
    <message>
        <source>diag_camera</source>
        <translation>Camera on/off</translation>
    </message>
    <message>
        <source>diag_export</source>
        <translation>Export bundle</translation>
    </message>
    <message>
        <source>diag_close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>diag_col_status</source>
        <translation>status</translation>
    </message>
    <message>
        <source>diag_col_check</source>
        <translation>check</translation>
    </message>
    <message>
        <source>diag_col_detail</source>
        <translation>detail</translation>
    </message>
    <message>
        <source>diag_camera_off</source>
        <translation>camera off</translation>
    </message>
    <message>
        <source>diag_no_camera</source>
        <translation>no camera given</translation>
    </message>
    <message>
        <source>diag_camera_starting</source>
        <translation>camera starting…</translation>
    </message>
    <message>
        <source>diag_stream_ended</source>
        <translation>camera stream ended</translation>
    </message>
    <message>
        <source>diag_camera_error</source>
        <translation>camera error: {error}</translation>
    </message>
    <message>
        <source>diag_crash_files</source>
        <translation>Crash files</translation>
    </message>
    <message>
        <source>diag_no_crashes</source>
        <translation>(no crash files)</translation>
    </message>
    <message>
        <source>diag_running</source>
        <translation>running checks…</translation>
    </message>
    <message>
        <source>diag_checks_done</source>
        <translation>{n} checks, {bad} failed</translation>
    </message>
    <message>
        <source>diag_checks_error</source>
        <translation>checks could not run: {error}</translation>
    </message>
    <message>
        <source>diag_writing</source>
        <translation>writing the diagnostic bundle…</translation>
    </message>
    <message>
        <source>diag_written</source>
        <translation>bundle written: {path}</translation>
    </message>
    <message>
        <source>diag_write_failed</source>
        <translation>bundle could not be written: {error}</translation>
    </message>
</context>
<context>
    <name>outcomes</name>
    <message>
        <source>activated</source>
        <translation>Put the SIM card in your phone: you can use it right away.</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>Your registration is saved and will be sent automatically when the connection is back. You do not need to come back.</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>The operator refused the registration. Please go to the counter with your reference.</translation>
    </message>
    <message>
        <source>document_refused</source>
        <translation>A SIM card cannot be activated with this document.</translation>
    </message>
    <message>
        <source>liveness_failed</source>
        <translation>Please ask a member of staff: they can complete the check at the counter.</translation>
    </message>
    <message>
        <source>no_match</source>
        <translation>Please ask a member of staff: they will check your document at the counter.</translation>
    </message>
    <message>
        <source>referred</source>
        <translation>Please go to the counter with your ID card and the SIM card pack.</translation>
    </message>
    <message>
        <source>review_refused</source>
        <translation>If you have questions, please ask the member of staff.</translation>
    </message>
    <message>
        <source>frozen</source>
        <translation>This kiosk is temporarily out of service. Please go to the counter.</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>You can start again at any time.</translation>
    </message>
    <message>
        <source>timed_out</source>
        <translation>The session ended because nothing happened for a while. You can start again.</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>We are sorry, something went wrong. Please ask a member of staff.</translation>
    </message>
</context>
<context>
    <name>problems</name>
    <message>
        <source>expired</source>
        <translation>The document has expired.</translation>
    </message>
    <message>
        <source>under_age</source>
        <translation>The holder is below the minimum age.</translation>
    </message>
    <message>
        <source>mrz_check_failed</source>
        <translation>The document's check digits do not add up.</translation>
    </message>
    <message>
        <source>mrz_unreadable</source>
        <translation>The lines at the bottom of the document could not be read.</translation>
    </message>
    <message>
        <source>mrz_not_found</source>
        <translation>The lines at the bottom of the document were not found.</translation>
    </message>
    <message>
        <source>mrz_format</source>
        <translation>The lines at the bottom of the document are not in the right format.</translation>
    </message>
    <message>
        <source>birth_date_unknown</source>
        <translation>The date of birth could not be read.</translation>
    </message>
    <message>
        <source>expiry_unknown</source>
        <translation>The expiry date could not be read.</translation>
    </message>
    <message>
        <source>iin_missing</source>
        <translation>No IIN was found on the document.</translation>
    </message>
    <message>
        <source>iin_invalid</source>
        <translation>The IIN is not valid.</translation>
    </message>
    <message>
        <source>iin_mismatch</source>
        <translation>The IIN does not agree with the birth date or sex.</translation>
    </message>
    <message>
        <source>foreign_document</source>
        <translation>Foreign document: a member of staff must check it.</translation>
    </message>
    <message>
        <source>issuer_refused</source>
        <translation>Documents from this country are not accepted.</translation>
    </message>
    <message>
        <source>no_portrait</source>
        <translation>The photo on the document was not found.</translation>
    </message>
    <message>
        <source>no_face</source>
        <translation>No face is visible.</translation>
    </message>
    <message>
        <source>two_faces</source>
        <translation>Only one person may be in view.</translation>
    </message>
    <message>
        <source>face_too_small</source>
        <translation>Come closer to the camera.</translation>
    </message>
    <message>
        <source>too_dark</source>
        <translation>It is too dark.</translation>
    </message>
    <message>
        <source>too_bright</source>
        <translation>It is too bright.</translation>
    </message>
    <message>
        <source>blurry</source>
        <translation>The picture is blurry.</translation>
    </message>
    <message>
        <source>not_frontal</source>
        <translation>Look straight at the camera.</translation>
    </message>
    <message>
        <source>different_faces</source>
        <translation>The faces seen belong to different people.</translation>
    </message>
    <message>
        <source>face_match_review</source>
        <translation>The face match is borderline: compare for yourself.</translation>
    </message>
    <message>
        <source>liveness_failed</source>
        <translation>The liveness check did not pass.</translation>
    </message>
    <message>
        <source>iin_required</source>
        <translation>The document carries no IIN: enter the customer's IIN.</translation>
    </message>
    <message>
        <source>chip_mrz_mismatch</source>
        <translation>The data in the chip does not match the document page.</translation>
    </message>
    <message>
        <source>chip_access_denied</source>
        <translation>The lines on the document page did not open the chip.</translation>
    </message>
    <message>
        <source>chip_dg_hash_mismatch</source>
        <translation>The data in the chip has been altered.</translation>
    </message>
    <message>
        <source>chip_dg_hash_missing</source>
        <translation>The data in the chip is not covered by the signature.</translation>
    </message>
    <message>
        <source>chip_sod_invalid</source>
        <translation>The chip's security file is damaged.</translation>
    </message>
    <message>
        <source>chip_sod_signature_invalid</source>
        <translation>The chip's signature is not valid.</translation>
    </message>
    <message>
        <source>chip_signer_untrusted</source>
        <translation>The chip was signed by an authority that is not trusted.</translation>
    </message>
    <message>
        <source>chip_signer_missing</source>
        <translation>The chip carries no signer certificate.</translation>
    </message>
    <message>
        <source>chip_signer_revoked</source>
        <translation>The chip signer's certificate has been revoked.</translation>
    </message>
    <message>
        <source>chip_signer_expired</source>
        <translation>The chip signer's certificate has expired.</translation>
    </message>
    <message>
        <source>chip_signer_not_yet_valid</source>
        <translation>The chip signer's certificate is not valid yet.</translation>
    </message>
    <message>
        <source>chip_crl_stale</source>
        <translation>The list of revoked certificates for this country is out of date: a clerk checks the document.</translation>
    </message>
    <message>
        <source>chip_csca_missing</source>
        <translation>The issuing country's certificate is not installed: a clerk checks the document.</translation>
    </message>
    <message>
        <source>chip_csca_expired</source>
        <translation>The issuing country's certificate has expired.</translation>
    </message>
    <message>
        <source>chip_active_auth_failed</source>
        <translation>The chip does not appear to be genuine (it may be a copy).</translation>
    </message>
    <message>
        <source>chip_auth_failed</source>
        <translation>The chip does not appear to be genuine (it may be a copy).</translation>
    </message>
    <message>
        <source>chip_card_removed</source>
        <translation>The passport was lifted during reading. Place it again and keep it still.</translation>
    </message>
    <message>
        <source>chip_no_card</source>
        <translation>No document with a chip was found on the reader.</translation>
    </message>
    <message>
        <source>chip_not_read</source>
        <translation>The document's chip was not read, and it is required.</translation>
    </message>
    <message>
        <source>chip_not_emrtd</source>
        <translation>The card on the reader is not a passport chip.</translation>
    </message>
    <message>
        <source>chip_file_missing</source>
        <translation>The chip lacks data it should hold.</translation>
    </message>
    <message>
        <source>chip_file_invalid</source>
        <translation>The data in the chip cannot be read.</translation>
    </message>
    <message>
        <source>chip_secure_messaging_failed</source>
        <translation>The connection to the chip broke. Place the passport again.</translation>
    </message>
    <message>
        <source>chip_protocol_error</source>
        <translation>The connection to the chip broke. Place the passport again.</translation>
    </message>
    <message>
        <source>chip_reader_absent</source>
        <translation>The chip reader is not connected.</translation>
    </message>
    <message>
        <source>chip_reader_error</source>
        <translation>The chip reader is not working.</translation>
    </message>
    <message>
        <source>printed_portrait_mismatch</source>
        <translation>The photo on the document page does not match the chip's.</translation>
    </message>
    <message>
        <source>mrz_unknown_state</source>
        <translation>The country code on the document is unknown: a clerk checks it.</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>The document cannot be accepted.</translation>
    </message>
</context>
<context>
    <name>prompts</name>
    <message>
        <source>blink</source>
        <translation>Blink</translation>
    </message>
    <message>
        <source>turn_left</source>
        <translation>Turn your head left</translation>
    </message>
    <message>
        <source>turn_right</source>
        <translation>Turn your head right</translation>
    </message>
    <message>
        <source>smile</source>
        <translation>Smile</translation>
    </message>
    <message>
        <source>nod</source>
        <translation>Nod your head</translation>
    </message>
</context>
<context>
    <name>guidance</name>
    <message>
        <source>move_closer</source>
        <translation>Come closer</translation>
    </message>
    <message>
        <source>move_back</source>
        <translation>Step back a little</translation>
    </message>
    <message>
        <source>center_face</source>
        <translation>Put your face in the middle of the frame</translation>
    </message>
    <message>
        <source>no_face</source>
        <translation>We cannot see your face</translation>
    </message>
    <message>
        <source>second_face</source>
        <translation>Only one person in view, please</translation>
    </message>
    <message>
        <source>two_faces</source>
        <translation>Only one person in view, please</translation>
    </message>
    <message>
        <source>hold_still</source>
        <translation>Hold still</translation>
    </message>
    <message>
        <source>more_light</source>
        <translation>Not enough light</translation>
    </message>
    <message>
        <source>look_at_camera</source>
        <translation>Look at the camera</translation>
    </message>
    <message>
        <source>one_person</source>
        <translation>Only one person in view, please</translation>
    </message>
    <message>
        <source>too_dark</source>
        <translation>Too dark, move to more light</translation>
    </message>
    <message>
        <source>backlight</source>
        <translation>Too much light behind you</translation>
    </message>
    <message>
        <source>too_bright</source>
        <translation>Too bright</translation>
    </message>
    <message>
        <source>blurry</source>
        <translation>Hold still</translation>
    </message>
</context>
<context>
    <name>fields</name>
    <message>
        <source>surname</source>
        <translation>Surname</translation>
    </message>
    <message>
        <source>given_names</source>
        <translation>Given names</translation>
    </message>
    <message>
        <source>document_number</source>
        <translation>Document number</translation>
    </message>
    <message>
        <source>iin</source>
        <translation>IIN</translation>
    </message>
    <message>
        <source>birth_date</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>expiry_date</source>
        <translation>Expiry date</translation>
    </message>
    <message>
        <source>sex</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>nationality</source>
        <translation>Nationality</translation>
    </message>
    <message>
        <source>issuer</source>
        <translation>Issuing country</translation>
    </message>
    <message>
        <source>document_type</source>
        <translation>Document type</translation>
    </message>
    <message>
        <source>number</source>
        <translation>Document number</translation>
    </message>
</context>
</TS>
