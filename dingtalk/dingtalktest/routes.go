package dingtalktest

import (
	"io"
	"net/http"
	"time"
)

// routeKind says how a route authenticates and in which shape it answers.
type routeKind int

const (
	kindOpen   routeKind = iota // no token; v1.0 error shape (token, gateway)
	kindV1                      // header x-acs-dingtalk-access-token; v1.0 error shape
	kindLegacy                  // query access_token; errcode in a 200
	kindHook                    // session webhook: no token; errcode in a 200
)

// route is one registered API: its ServeMux pattern doubles as the API
// identity for QPS limiting and the scope for permission faults.
type route struct {
	pattern string
	kind    routeKind
	scope   string
	h       func(*exchange)
}

const maxBody = 1 << 20

const (
	scopeConfWrite = "VideoConference.Conference.Write"
	scopeConfRead  = "VideoConference.Conference.Read"
	scopeRobot     = "qyapi_robot_sendmsg"
	scopeContacts  = "qyapi_get_member"
	scopeCard      = "Card.Instance.Write" // name UNCONFIRMED (docs/wire-contract.md §4a)
)

// schedConfs is the route of QueryScheduleConferenceInfo. Its pattern
// overlaps GET …/videoConferences/{conferenceId}/members in net/http's
// ServeMux, so it is registered as schedConfsMux (see routes).
const (
	schedConfs    = "GET /v1.0/conference/videoConferences/scheduleConferences/{scheduleConferenceId}"
	schedConfsMux = "GET /v1.0/conference/videoConferences/{conferenceId}/{scheduleConferenceId}"
)

func (s *Server) routeTable() []route {
	const vc = "/v1.0/conference/videoConferences/{conferenceId}"
	base := []route{
		{"POST /v1.0/oauth2/accessToken", kindOpen, "", s.handleAccessToken},
		{"POST /v1.0/oauth2/corpAccessToken", kindOpen, "", s.handleCorpToken},
		{"GET /gettoken", kindLegacy, "", s.handleLegacyToken},
		{"POST /v1.0/gateway/connections/open", kindOpen, "", s.handleGatewayOpen},
		{"POST /topapi/v2/user/get", kindLegacy, scopeContacts, s.handleUserGet},
		{"POST /topapi/user/getbyunionid", kindLegacy, scopeContacts, s.handleGetByUnionID},
		{"POST /v1.0/conference/videoConferences", kindV1, scopeConfWrite, s.handleConfCreate},
		{"DELETE " + vc, kindV1, scopeConfWrite, s.handleConfClose},
		{"GET " + vc, kindV1, scopeConfRead, s.handleConfInfo},
		{"GET " + vc + "/members", kindV1, scopeConfRead, s.handleConfMembers},
		{"POST " + vc + "/focus", kindV1, scopeConfWrite, s.handleFocus},
		{"POST " + vc + "/coHosts/set", kindV1, scopeConfWrite, s.handleCoHosts},
		{"POST " + vc + "/allMembers/mute", kindV1, scopeConfWrite, s.handleMuteAll},
		{"POST " + vc + "/members/mute", kindV1, scopeConfWrite, s.handleMuteMembers},
		{"POST " + vc + "/members/kick", kindV1, scopeConfWrite, s.handleKick},
		{"POST " + vc + "/lock", kindV1, scopeConfWrite, s.handleLock},
		{"GET /v1.0/conference/users/lists", kindV1, scopeConfRead, s.handleUserConfs},
		{"GET /v1.0/conference/roomCodes/{roomCode}/infos", kindV1, scopeConfRead, s.handleRoomCode},
		{"POST /robot/sendBySession", kindHook, "", s.handleWebhook},
		{"POST /v1.0/robot/groupMessages/send", kindV1, scopeRobot, s.handleGroupSend},
		{"POST /v1.0/robot/oToMessages/batchSend", kindV1, scopeRobot, s.handleOtoSend},
		{"POST /v1.0/card/instances/createAndDeliver", kindV1, scopeCard, s.handleCardCreate},
		{"PUT /v1.0/card/instances", kindV1, scopeCard, s.handleCardUpdate},
	}
	all := append(base, s.meetingRoutes(vc)...)
	return append(all, route{"/", kindOpen, "", handleNotFound}) // last: routes uses it
}

// meetingRoutes are the routes of invitations, settings, the batch query,
// recordings, AI notes and schedules.
func (s *Server) meetingRoutes(vc string) []route {
	const sched = "/v1.0/conference/scheduleConferences"
	return []route{
		{"POST " + vc + "/users/invite", kindV1, scopeConfWrite, s.handleInvite},
		{"PUT " + vc, kindV1, scopeConfWrite, s.handleConfSettings},
		{"POST /v1.0/conference/videoConferences/query", kindV1, scopeConfRead, s.handleConfBatch},
		{"POST " + vc + "/cloudRecords/start", kindV1, scopeConfWrite, s.handleRecordStart},
		{"POST " + vc + "/cloudRecords/stop", kindV1, scopeConfWrite, s.handleRecordStop},
		{"GET " + vc + "/cloudRecords/getVideos", kindV1, scopeConfRead, s.handleRecordVideos},
		{"GET " + vc + "/cloudRecords/videos/getPlayInfos", kindV1, scopeConfRead, s.handleRecordPlay},
		{"POST " + vc + "/minutes/start", kindV1, scopeConfWrite, s.handleMinutesStart},
		{"POST " + vc + "/minutes/pause", kindV1, scopeConfWrite, s.handleMinutesPause},
		{"POST " + vc + "/minutes/summaries/query", kindV1, scopeConfRead, s.handleMinutesSummary},
		{"GET " + vc + "/minutes/meetingResult", kindV1, scopeConfRead, s.handleMinutesResult},
		{"POST " + sched, kindV1, scopeConfWrite, s.handleScheduleCreate},
		{"PUT " + sched, kindV1, scopeConfWrite, s.handleScheduleUpdate},
		{"PUT " + sched + "/settings", kindV1, scopeConfWrite, s.handleScheduleSettings},
		{"POST " + sched + "/cancel", kindV1, scopeConfWrite, s.handleScheduleCancel},
		{"GET " + sched + "/{scheduleConferenceId}/infos", kindV1, scopeConfRead, s.handleScheduleQuery},
		{schedConfs, kindV1, scopeConfRead, s.handleScheduleConfs},
	}
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	table := s.routeTable()
	for _, rt := range table {
		pattern, h := rt.pattern, func(w http.ResponseWriter, r *http.Request) { s.serve(rt, w, r) }
		if rt.pattern == schedConfs {
			pattern, h = schedConfsMux, s.schedConfsHandler(rt, table[len(table)-1])
		}
		mux.HandleFunc(pattern, h)
	}
	mux.HandleFunc("GET /connect", s.handleConnect)
	return mux
}

// schedConfsHandler serves schedConfsMux: any GET …/videoConferences/X/Y
// no other route takes is the schedConfs route when X is
// "scheduleConferences", and not found otherwise.
func (s *Server) schedConfsHandler(rt, notFound route) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		served := rt
		if r.PathValue("conferenceId") != "scheduleConferences" {
			served = notFound
		}
		s.serve(served, w, r)
	}
}

// exchange is one API call in flight: request, and what was answered.
type exchange struct {
	rt     route
	w      http.ResponseWriter
	r      *http.Request
	body   []byte
	reqID  string
	status int    // 0 = nothing to send (hung up, or request cancelled)
	out    []byte // body to send
	code   string
}

// serve runs the pipeline faults → auth → monthly quota → QPS → contract
// (required fields and enums, contract.go) → handler, then records it.
func (s *Server) serve(rt route, w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	x := &exchange{rt: rt, w: w, r: r, reqID: requestID()}
	w.Header().Set("x-acs-request-id", x.reqID)
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	x.body = body
	switch {
	case err != nil:
		x.paramsError("request body unreadable")
	case s.injectFault(x):
	case !s.authorize(x):
	case !s.meter(x):
	case !s.faults.allow(rt.pattern):
		x.fail(faultQPS)
	case !x.checkContract():
	default:
		s.dispatch(rt, x)
	}
	s.record(x, time.Since(start))
	x.flush()
}

func handleNotFound(x *exchange) {
	x.v1Error(http.StatusNotFound, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.")
}
