// Package dingtalktest is an in-process DingTalk emulator for tests, benchmarks
// and the interactive sandbox.
//
// One loopback HTTP server plays every DingTalk host the bot talks to, on a
// single base URL (Server.URL):
//
//   - the v1.0 OpenAPI (/v1.0/..., token in header x-acs-dingtalk-access-token),
//   - the legacy oapi (/topapi/..., /gettoken, token in query access_token),
//   - session webhooks (/robot/sendBySession?session=...),
//   - the Stream-mode gateway (POST /v1.0/gateway/connections/open) and its
//     websocket endpoint (/connect?ticket=...).
//
// Behaviour follows the project's wire reference (docs/wire-contract.md), not
// any particular client: the package deliberately does not import the
// project's dingtalk package, so its wire structs are an independent reading
// of the reference.
//
// Tests seed a directory (AddUser) and meetings (AddMeeting), push chat
// messages and card clicks onto the stream (Push, PushCardClick), then wait
// deterministically for what the bot did: WaitAck, WaitReply, WaitReplies,
// WaitConnected, and the recorded Calls. Faults (Fault), a QPS limiter
// (Options.QPSLimit), token expiry (ExpireTokens), webhook expiry
// (ExpireWebhooks), the monthly quota (ExhaustQuota) and connection trouble
// (Disconnect, DropConnections, DropAfter) reproduce the failure modes the
// bot must survive.
//
// Meetings carry real state. Members have a microphone and a camera
// (MediaState), attendance (attendStatus), join and leave times and stays;
// tests act as a participant's own client with Join, Leave, Decline,
// SetMic and SetCamera. Meetings have policy flags (lock, mute-all,
// UpdateVideoConferenceSetting), cloud recordings and AI notes (闪记), and
// organisations have schedules (预约会议, AddSchedule, StartSchedule). A
// meeting clock (Options.Now, AdvanceClock) drives times and three state
// machines, with no goroutine or timer: what is due happens on the next
// call or snapshot that looks.
//
//   - A schedule's conference starts when the clock passes its start time
//     (or StartSchedule).
//   - A cloud recording, and a meeting's AI notes, go recording →
//     processing (on stop, pause or meeting end) → ready after
//     Options.ProcessingDelay (default one minute) of meeting clock;
//     FinishProcessing makes them ready at once, StallProcessing never.
//
// The emulator can hold several organisations (AddOrg), each with its own
// people, meetings, replies, cards and tokens, and can play a third-party
// app (Options.ThirdParty): suite tickets pushed as EVENT frames
// (PushSuiteTicket, PushSuiteTicketAs), per-organisation tokens from
// corpAccessToken, and
// organisations that revoke the app (Revoke). See orgs.go.
//
// # Strictness
//
// The emulator refuses what DingTalk refuses. Every call runs the pipeline
// faults → token → organisation monthly quota → QPS limit → contract →
// handler. The contract (contract.go, contract_table.go) is one table of
// all 62 endpoints of the official SDK's models (docs/wire-contract.md §9), served or not: the query
// and body keys the official SDK marks required, nested ones included
// (userList[].unionId, inviteeList[].nick), and the value lists the models
// or docs/wire-contract.md give (focus/un_focus, add/remove, mute/un_mute,
// lock/unlock, the 13 robot msgKeys, callbackType STREAM/HTTP, userIdType
// 1/2, cloud-recording mode and smallWindowPosition, scheduled-meeting
// setting flags). A missing field answers HTTP 400 Missing<field>, spelled
// as DingTalk spells it (MissingunionId, MissinguserList); a value outside
// its list answers HTTP 400 paramsError. Success answers carry every
// response field the models mark required; a close answers
// {"code":200,"cause":"success"}.
//
// Test hooks for the variations a tolerant bot must survive:
// Options.StringNumbers and ChatMessage.StringNumbers (timestamps as JSON
// strings), Options.MemberPaging (how the members query ends its pages),
// PushSuiteTicketAs (suite tickets in several frame shapes), and
// ExhaustQuota, ExhaustQuotaAfter, RestoreQuota or Fault kind "quota" (the
// organisation over its monthly API quota).
//
// # UNCONFIRMED choices
//
// Where the references are silent or ambiguous the emulator takes the
// strictest reading. Each choice, and what a tolerant bot should do:
//
//   - An expired or unknown session webhook answers HTTP 200 with
//     errcode 300001 ("session expired"); a malformed body answers errcode
//     40035. Bot: treat any non-zero errcode as failure and fall back to the
//     robot send API.
//   - v1.0 parameter errors outside the conference API (robot, card) reuse the
//     documented conference code "paramsError" with message "error:<reason>".
//     Bot: branch on HTTP 400, not on the code.
//   - Control calls (focus, coHosts, mute, lock, close, members) on an ended
//     meeting fail with paramsError; the info call still answers, status 1.
//     Bot: on a paramsError, re-read the meeting's status before blaming
//     the user.
//   - Legacy endpoints answer injected faults in their own shape (HTTP 200 and
//     an errcode): systemError -1, qps 90018, paramsError 40035,
//     unknownUserError 60121, permission 60011, invalidToken 40014, quota
//     90020.
//   - Missing<field> for a key of every item of a list is spelled
//     Missing<list>.<key>, e.g. MissinguserList.unionId; the message is
//     "<field> is mandatory for this action.". Bot: match the "Missing"
//     prefix, never the full code or message.
//   - A required field that is absent, null, "", [] or {} is missing; a
//     required query key that is absent or empty is missing. Bot: send every
//     required field with a real value; never send empty placeholders.
//   - A required or enumerated field of the wrong JSON type (a number sent
//     as a string, "true" as a string, 1.0 for an integer, a list item that
//     is not an object) answers paramsError; integer and boolean query keys
//     must parse ("true"/"false" only). Bot: send the SDK's types.
//   - One error per call, in this order: query keys, then body keys in the
//     models' order, all missing fields before any bad value. A bad token
//     is reported before the quota, the quota before the QPS limit, both
//     before the contract; a malformed call still spends QPS and quota.
//     Bot: do not depend on which of several faults is reported.
//   - An optional enumerated field sent as "" is refused like any value
//     outside its list. Bot: omit optional fields it does not set.
//   - cloudRecords/start accepts only the §7.1 values (mode grid, speech,
//     full_screen; smallWindowPosition relative_right, float_right,
//     float_bottom); the SDK examples "演讲" and "左上" and the scheduled
//     recording's "auto_grid" are refused. streamOuts/start (not served)
//     gets the same lists though no source gives them (its SDK example is
//     "grip"). Scheduled-meeting setting flags take the SDK's values:
//     waitingRoom 0/1, not the doc's 1/2. Bot: send the §7.1 spellings.
//   - The stream gateway (POST /v1.0/gateway/connections/open) checks the
//     required fields of docs/wire-contract.md §1.1 the same way and answers in
//     the v1.0 error shape; the gateway's real error body is unknown. Bot:
//     surface the raw body.
//   - un_focus must name the person spotlighted now: anyone else present,
//     or nobody spotlighted, answers paramsError and changes nothing; a
//     unionId not present in the meeting answers unknownUserError. Bot:
//     remember whom it spotlighted (no API reports it), send that unionId,
//     and read a paramsError from un_focus as "the spotlight is already
//     off or someone else's".
//   - Only the host may close a meeting; anyone else gets paramsError. A
//     successful close answers {"code":200,"cause":"success"}. Bot: treat
//     HTTP 200 as success and do not require code 0.
//   - Monthly quota: exempt are the token endpoints, the stream gateway
//     (it carries no token, so it cannot be charged to one organisation),
//     session webhooks (bot messages are metered separately, §2) and the
//     contacts calls; every other call (conference, robot send, cards)
//     counts. Over quota, v1.0 answers 403
//     Forbidden.AccessDenied.ApiCountLimitForOrg, legacy errcode 90020 in an
//     HTTP 200; the message text is invented. Bot: do not retry it (it lasts
//     until the month ends); tell the user and keep replying through
//     session webhooks.
//   - Members paging: nextToken is a decimal offset, maxResults defaults to
//     128 and a larger value is silently capped to 128, and the plain last
//     page omits nextToken. The variants of Options.MemberPaging are all
//     plausible. Bot: treat the token as opaque and stop at the first of:
//     an empty or absent nextToken, the token it just sent, an empty page,
//     totalCount members collected.
//   - createAt and sessionWebhookExpiredTime are numbers unless
//     StringNumbers is set. Bot: accept a number or a string of digits.
//   - EVENT frames reach the connections subscribed to EVENT "*" whatever
//     topic their header shows; the suite ticket comes as the HTTP
//     callback's PascalCase fields (eventType suite_ticket, topic "*") or
//     as exactly {"suiteTicket":"…","action":"suite"} with eventType
//     "suite" or none and topic "dingTalk". Bot: route every EVENT frame to
//     one handler, whatever its topic and eventType, and take the ticket
//     from SuiteTicket or suiteTicket.
//   - corpAccessToken refuses a ticket other than the newest pushed with
//     invalidSuiteTicket and an organisation that has not authorised the
//     app with invalidAuthCorp (codes invented).
//   - The models require neither robotCode nor openConversationId for
//     groupMessages/send, but the emulator refuses a send without a
//     conversation, or with a robotCode not its own, with paramsError (it
//     could not deliver it). Bot: always send both.
//   - GetAccessToken requires only appKey in the model; a missing appSecret
//     answers invalidClientIdOrSecret.
//   - Room codes are matched exactly: "838 722 123" finds nothing. Bot:
//     strip spaces.
//   - users/lists keys memberModelMap by conferenceId.
//   - The permission fault names the card scope "Card.Instance.Write"
//     (no source names it).
//   - Members join with the camera on and the microphone on, except
//     when mute-all is on or the meeting mutes on join (MeetingSpec.
//     MuteOnJoin, a schedule's muteOnJoin: -1 always, 6 when six or more
//     are already in); the host always joins unmuted. allMembers/mute
//     turns off every present member's microphone but the host's, and
//     un_mute turns them all back on; whoever joins during mute-all joins
//     muted. forceMute (and allowUnmuteSelf false) keeps members other
//     than the host and co-hosts from unmuting themselves (SetMic answers
//     ErrUnmuteForbidden). members/mute sets one present member's
//     microphone. Bot: read micStatus from the batch query rather than
//     assume what a mute call did.
//   - Kick: every user must be present (else unknownUserError) and none
//     the host (paramsError); one bad user fails the call. A kicked
//     member gets attendStatus 5 and loses the spotlight and the co-host
//     role; with forbiddenRejoin they can neither join (ErrBanned) nor be
//     invited again (paramsError). Bot: kick present non-hosts only.
//   - A locked meeting (lock, lockConference, a schedule's lockRoom)
//     refuses every join, the host's and invitees' included: Join answers
//     ErrMeetingLocked. Bot: unlock before inviting someone who must get in.
//   - users/invite needs more than the models require: the operator's
//     unionId (optional in the model) must be the host or a co-host in
//     the meeting (else paramsError); each invitee needs a unionId (the
//     model requires only nick; paramsError) of an employee of the
//     organisation (unknownUserError for unknown or external ones); one
//     bad invitee fails the call. Invitees become attendStatus 2 under
//     the nick sent; members present are left alone; phone invitees are
//     accepted and not emulated. Bot: send its host's unionId and both
//     unionId and nick for each invitee.
//   - UpdateVideoConferenceSetting answers {"code":"200","case":
//     "success"}; a body with none of the six booleans, or one that is
//     not a JSON boolean, is paramsError. Defaults: allowUnmuteSelf on,
//     the others off. muteAll acts as an unforced allMembers/mute when it
//     changes the state; onlyInternalEmployeesJoin keeps external users
//     out (ErrInternalOnly); with autoTransferHost a leaving host hands
//     the role to the first present co-host, else the first present
//     member. Bot: treat HTTP 200 as success and ignore code and case.
//   - The batch query (POST …/videoConferences/query) answers meetings in
//     progress only: ended, unknown and other organisations' meetings
//     are simply missing from infos. At most 50 ids (more is
//     paramsError), each a non-empty string; repeats answered once, in
//     the order asked. userList lists every member, whatever their
//     attendStatus, and userId is the unionId (Options.BatchStaffIDs:
//     the staff userId, empty for external users). micStatus and
//     cameraStatus are 0 for who never joined and 1 for who left.
//     mediaStatus is a bit set: 1 mute-all, 4 forced. Bot: send at most 50
//     ids a call, read a missing meeting as ended, and match userId
//     against both unionIds and staff userIds.
//   - Members query: joinTime is the latest join and absent for who never
//     joined, leaveTime the latest leave and absent while present,
//     duration the total of every stay in milliseconds.
//   - Cloud recording: only the host (current, after any transfer) may
//     start or stop it; anyone else gets paramsError, as for close; an
//     unknown unionId unknownUserError. Starting while recording, or
//     stopping while not, is paramsError. Success answers {"code":"200"}.
//     cloudRecordStatus is 0 never recorded, 1 recording, 2 stopped.
//     Each start–stop is one recording, owned by its starter (or the
//     schedule's cloudRecordOwnerUnionId); getVideos lists only ready
//     ones (an empty list while processing), for the host or an owner
//     (else paramsError); regionId is always cn-shenzhen; getPlayInfos
//     for a mediaId and regionId of no ready recording is paramsError and
//     answers status 1 for a playable one. Bot: poll getVideos with
//     backoff, treat an empty list as "not yet", give up after a while (a
//     recording may never be ready), and do not branch on status.
//   - AI notes: minutes/start needs unionId here (optional in the model:
//     paramsError without it) and only the host may start or pause
//     (paramsError). An organisation without AI notes (DisableMinutes)
//     answers minutes/start with 403 Forbidden.Minutes.NotEnabled (code
//     and message invented). Starting while on, or pausing while off, is
//     paramsError; success answers {"code":"200"}. minutesStatus is 0
//     never, 1 on, 2 paused or ended; the owner is ownerUnionId, else the
//     schedule's minutesOwnerUnionId, else the starter. One set of notes
//     per meeting: starting again after a pause takes them back to
//     recording. summaries/query and meetingResult, for the host or the
//     owner (else paramsError), answer paramsError for a meeting that
//     never took notes and 200 {} until the notes are ready.
//     summaryTypeList may name only the summary's own keys
//     (paragraphSummary, actions, keywords, autoChapters, keySentences,
//     conversationalSummary, questionsAnsweringSummary); anything else is
//     paramsError. Bot: recognise Forbidden.Minutes.NotEnabled (and any
//     403) as "AI notes unavailable", read an answer without summary or
//     fullSummary as "not ready yet", and omit summaryTypeList.
//   - Schedules: a startTime before the meeting clock's now is paramsError
//     (no documented code), so is an endTime not after startTime. The
//     creator and every user the settings name must be employees
//     (unknownUserError). Only the organiser (creatorUnionId equal to the
//     creator) may update, change settings or cancel: anyone else gets
//     paramsError. A cancelled schedule refuses every call, queries
//     included (paramsError); cancelling ends a running conference.
//     Updates follow the creation rules, so a schedule whose start has
//     passed cannot be updated, even its title. Settings updates replace
//     the model whole (absent: paramsError) and reach only conferences
//     started later. Bot: send the full settings model each time, and
//     expect paramsError for "not the organiser", "in the past" and
//     "cancelled" alike.
//   - Schedule answers give roomCode as "838 722 12345" (the SDK example's
//     spacing); the conference's own roomCode has no spaces. phones is
//     invented. Bot: strip spaces before a room-code lookup.
//   - A schedule's conference starts, once and on its own, at its start
//     time (StartSchedule opens another after it ends), hosted by the
//     settings' hostUnionId or else the creator, present from the start;
//     creatorId stays the creator. It does not end at endTime. It applies
//     cohostUnionIds (co-host when they join), muteOnJoin, lockRoom,
//     screenShareForbidden and recordAutoStart (type 0 or 2: at the
//     start; 1: when a co-host joins); waitingRoom and the AI settings
//     are stored only. QueryScheduleConferenceInfo lists its conferences,
//     ended ones included (status 1), nextToken always present and "" on
//     the last page; QueryScheduleConference answers the organiser, the
//     host and co-hosts only (paramsError). Bot: read status, not
//     presence, and stop paging on an empty nextToken.
//
// Every exported method is safe for concurrent use. No lock is held during a
// network write: each websocket connection has one writer goroutine fed by an
// unbounded queue, so Push never blocks.
package dingtalktest
