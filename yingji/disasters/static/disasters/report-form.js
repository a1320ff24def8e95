// The informant's phone form (灾情报送): choosing another disaster or village reloads the
// form with that village's last report filled in (the figures are cumulative, so the
// informant corrects them rather than typing them again; a village without a report
// starts empty).
(function () {
  "use strict";
  var form = document.querySelector("form[data-refill]");
  if (!form) {
    return;
  }
  var event = form.querySelector("[name=event]");
  var region = form.querySelector("[name=region]");
  if (!event || !region) {
    return;
  }
  function refill() {
    if (!event.value || !region.value) {
      return;
    }
    var url = new URL(window.location.href);
    if (url.searchParams.get("event") === event.value && url.searchParams.get("region") === region.value) {
      return;
    }
    url.search = new URLSearchParams({ event: event.value, region: region.value }).toString();
    form.classList.add("opacity-50");
    window.location.assign(url.toString());
  }
  event.addEventListener("change", refill);
  region.addEventListener("change", refill);
})();
