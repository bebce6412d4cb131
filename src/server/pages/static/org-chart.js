// The org chart: orgChart loads two levels at a time, d3-hierarchy's tidy tree lays them out,
// d3-zoom pans and zooms, lookupEmployees searches, and a person's card reads their chain,
// reports and groups. Also the reference for frontend teams reading the graph.
(function () {
  var NODE_W = 180;
  var NODE_H = 48;
  var token = '';
  /** Every loaded person by id: { id, parentId, employee, directReportCount, children: ids|null, expanded } */
  var people = new Map();
  var rootIds = [];
  var selectedId = null;
  var colour = d3.scaleOrdinal(d3.schemeTableau10.concat(d3.schemeSet3));
  var svg = d3.select('#chart');
  var canvas = svg.append('g');
  var zoom = d3
    .zoom()
    .scaleExtent([0.1, 2.5])
    .on('zoom', function (event) {
      canvas.attr('transform', event.transform);
    });
  svg.call(zoom);

  function status(text) {
    document.getElementById('status').textContent = text;
  }

  function graphql(query, variables) {
    return fetch('/graphql', {
      method: 'POST',
      headers: Object.assign({ 'content-type': 'application/json' }, DirectoryToken.headers(token)),
      body: JSON.stringify({ query: query, variables: variables }),
    })
      .then(function (response) {
        return response.json();
      })
      .then(function (body) {
        if (body.errors && body.errors.length) throw new Error(body.errors[0].message);
        return body.data;
      });
  }

  var CHART =
    'query OrgChartLevels($rootId: ID, $maxDepth: Int!) { orgChart(rootId: $rootId, maxDepth: $maxDepth) {' +
    ' rootIds totalNodes nodes { id parentId level directReportCount' +
    ' employee { displayName jobTitle department { name } } } } }';

  /** Adds the nodes of an orgChart answer; a node whose children came with it is marked loaded. */
  function absorb(chart) {
    var loadedParents = new Set();
    chart.nodes.forEach(function (node) {
      var known = people.get(node.id);
      if (known) {
        // Updated in place: a sub-chart's root comes back without its parent, and callers hold it.
        known.employee = node.employee;
        known.directReportCount = node.directReportCount;
      } else {
        people.set(node.id, {
          id: node.id,
          parentId: node.parentId,
          employee: node.employee,
          directReportCount: node.directReportCount,
          children: null,
          expanded: false,
        });
      }
      if (node.parentId) loadedParents.add(node.parentId);
    });
    loadedParents.forEach(function (id) {
      var parent = people.get(id);
      if (!parent) return;
      parent.children = chart.nodes
        .filter(function (node) {
          return node.parentId === id;
        })
        .map(function (node) {
          return node.id;
        });
    });
    chart.nodes.forEach(function (node) {
      var person = people.get(node.id);
      if (person.directReportCount === 0) person.children = [];
    });
  }

  function loadChildren(id) {
    var person = people.get(id);
    if (person.children) return Promise.resolve();
    status('Loading ' + person.employee.displayName + '’s reports…');
    return graphql(CHART, { rootId: id, maxDepth: 1 }).then(function (data) {
      absorb(data.orgChart);
      status(people.size + ' people loaded');
    });
  }

  function toggle(id) {
    var person = people.get(id);
    if (!person || person.directReportCount === 0) return Promise.resolve();
    if (person.expanded) {
      person.expanded = false;
      draw();
      return Promise.resolve();
    }
    return loadChildren(id).then(function () {
      person.expanded = true;
      draw();
    });
  }

  /** The visible forest as one hierarchy under a hidden top. */
  function visibleTree() {
    function build(id) {
      var person = people.get(id);
      var children = person.expanded && person.children ? person.children.map(build) : [];
      return { id: id, person: person, children: children };
    }
    return { id: '__top', children: rootIds.map(build) };
  }

  function draw() {
    var root = d3.hierarchy(visibleTree());
    d3.tree().nodeSize([NODE_W + 20, NODE_H + 50])(root);
    var nodes = root.descendants().filter(function (d) {
      return d.depth > 0;
    });
    var links = root.links().filter(function (l) {
      return l.source.depth > 0;
    });
    var link = canvas.selectAll('path.link').data(links, function (l) {
      return l.target.data.id;
    });
    link.exit().remove();
    link
      .enter()
      .append('path')
      .attr('class', 'link')
      .merge(link)
      .attr('d', function (l) {
        var sy = l.source.y + NODE_H / 2;
        var ty = l.target.y - NODE_H / 2;
        var my = (sy + ty) / 2;
        return 'M' + l.source.x + ',' + sy + 'V' + my + 'H' + l.target.x + 'V' + ty;
      });

    var node = canvas.selectAll('g.node').data(nodes, function (d) {
      return d.data.id;
    });
    node.exit().remove();
    var entered = node
      .enter()
      .append('g')
      .attr('class', 'node')
      .attr('data-id', function (d) {
        return d.data.id;
      })
      .style('cursor', 'pointer')
      .on('click', function (event, d) {
        select(d.data.id);
        toggle(d.data.id);
      });
    entered
      .append('rect')
      .attr('x', -NODE_W / 2)
      .attr('y', -NODE_H / 2)
      .attr('width', NODE_W)
      .attr('height', NODE_H)
      .attr('rx', 6);
    entered
      .append('text')
      .attr('class', 'name')
      .attr('x', -NODE_W / 2 + 8)
      .attr('y', -4);
    entered
      .append('text')
      .attr('class', 'title')
      .attr('x', -NODE_W / 2 + 8)
      .attr('y', 12);
    entered
      .append('text')
      .attr('class', 'badge')
      .attr('text-anchor', 'end')
      .attr('x', NODE_W / 2 - 6)
      .attr('y', -4);
    var all = entered.merge(node);
    all
      .attr('transform', function (d) {
        return 'translate(' + d.x + ',' + d.y + ')';
      })
      .classed('selected', function (d) {
        return d.data.id === selectedId;
      });
    all.select('rect').attr('fill', function (d) {
      var department = d.data.person.employee.department;
      return department ? colour(department.name) : '#e5e7eb';
    });
    all.select('text.name').text(function (d) {
      return clip(d.data.person.employee.displayName, 24);
    });
    all.select('text.title').text(function (d) {
      return clip(d.data.person.employee.jobTitle || '', 28);
    });
    all.select('text.badge').text(function (d) {
      var person = d.data.person;
      if (!person.directReportCount) return '';
      return (person.expanded ? '−' : '+') + person.directReportCount;
    });
    drawLegend();
    svg.attr('data-nodes', nodes.length);
  }

  function clip(text, length) {
    return text.length > length ? text.slice(0, length - 1) + '…' : text;
  }

  function drawLegend() {
    var names = new Set();
    people.forEach(function (person) {
      if (person.employee.department) names.add(person.employee.department.name);
    });
    var legend = d3
      .select('#legend')
      .selectAll('div')
      .data(Array.from(names).sort(), function (name) {
        return name;
      });
    legend.exit().remove();
    var row = legend.enter().append('div');
    row.append('span').attr('class', 'swatch');
    row.append('span').attr('class', 'label');
    row
      .merge(legend)
      .select('span.swatch')
      .style('background', function (name) {
        return colour(name);
      });
    row
      .merge(legend)
      .select('span.label')
      .text(function (name) {
        return name;
      });
  }

  function centreOn(id) {
    var element = canvas.select('g.node[data-id="' + id + '"]');
    if (element.empty()) return;
    var d = element.datum();
    var box = svg.node().getBoundingClientRect();
    svg
      .transition()
      .duration(400)
      .call(zoom.transform, d3.zoomIdentity.translate(box.width / 2 - d.x, box.height / 3 - d.y));
  }

  var CARD =
    'query PersonCard($id: ID!) { employee(id: $id) { id displayName jobTitle email location' +
    ' department { name } managementChain { level employee { id displayName jobTitle } }' +
    ' directReports(first: 100) { totalCount edges { node { id displayName jobTitle } } }' +
    ' groups(resolveNested: true) { membershipType group { id name } } } }';

  function select(id) {
    selectedId = id;
    canvas.selectAll('g.node').classed('selected', function (d) {
      return d.data.id === id;
    });
    graphql(CARD, { id: id }).then(showCard, function (error) {
      document.getElementById('card').textContent = error.message;
    });
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function list(title, items, render) {
    var fragment = document.createDocumentFragment();
    fragment.appendChild(element('h3', title));
    if (!items.length) {
      fragment.appendChild(element('div', 'none', 'muted'));
      return fragment;
    }
    var ul = element('ul');
    items.forEach(function (item) {
      ul.appendChild(render(item));
    });
    fragment.appendChild(ul);
    return fragment;
  }

  function personLink(employee) {
    var li = element('li');
    var a = element('a', employee.displayName + (employee.jobTitle ? ' — ' + employee.jobTitle : ''));
    a.href = '#';
    a.addEventListener('click', function (event) {
      event.preventDefault();
      reveal(employee.id);
    });
    li.appendChild(a);
    return li;
  }

  function showCard(data) {
    var person = data.employee;
    var card = document.getElementById('card');
    card.className = '';
    card.textContent = '';
    if (!person) {
      card.textContent = 'Not found.';
      return;
    }
    card.appendChild(element('h2', person.displayName));
    card.appendChild(
      element(
        'div',
        [person.jobTitle, person.department && person.department.name].filter(Boolean).join(' · '),
        'muted',
      ),
    );
    card.appendChild(element('div', [person.email, person.location].filter(Boolean).join(' · '), 'muted'));
    card.appendChild(
      list('Manager chain', person.managementChain, function (link) {
        return personLink(link.employee);
      }),
    );
    card.appendChild(
      list(
        'Direct reports (' + person.directReports.totalCount + ')',
        person.directReports.edges,
        function (edge) {
          return personLink(edge.node);
        },
      ),
    );
    card.appendChild(
      list('Groups', person.groups, function (membership) {
        return element(
          'li',
          membership.group.name + (membership.membershipType === 'NESTED' ? ' (nested)' : ''),
        );
      }),
    );
  }

  /** Opens the chart down to a person (loading each manager's reports on the way) and selects them. */
  function reveal(id) {
    return graphql(
      'query Chain($id: ID!) { employee(id: $id) { managementChain(maxDepth: 50) { employee { id } } } }',
      { id: id },
    )
      .then(function (data) {
        var chain = data.employee
          ? data.employee.managementChain
              .map(function (link) {
                return link.employee.id;
              })
              .reverse()
          : [];
        var step = Promise.resolve();
        chain.forEach(function (managerId) {
          step = step.then(function () {
            if (!people.has(managerId)) return;
            return loadChildren(managerId).then(function () {
              people.get(managerId).expanded = true;
            });
          });
        });
        return step;
      })
      .then(function () {
        draw();
        select(id);
        centreOn(id);
      });
  }

  var searchTimer = null;
  document.getElementById('search').addEventListener('input', function (event) {
    var text = event.target.value.trim();
    clearTimeout(searchTimer);
    var results = document.getElementById('results');
    if (text.length < 2) {
      results.textContent = '';
      return;
    }
    searchTimer = setTimeout(function () {
      graphql(
        'query Find($query: String!) { lookupEmployees(query: $query, limit: 8) { score employee { id displayName jobTitle department { name } } } }',
        { query: text },
      ).then(function (data) {
        results.textContent = '';
        data.lookupEmployees.forEach(function (match) {
          var li = element(
            'li',
            match.employee.displayName + (match.employee.jobTitle ? ' — ' + match.employee.jobTitle : ''),
          );
          li.addEventListener('click', function () {
            reveal(match.employee.id);
          });
          results.appendChild(li);
        });
      });
    }, 200);
  });

  /** Which start() is current: an answer for an earlier token is dropped, never drawn. */
  var generation = 0;

  function start(newToken) {
    var current = ++generation;
    token = newToken;
    people.clear();
    rootIds = [];
    canvas.selectAll('*').remove();
    svg.attr('data-nodes', 0);
    if (!token) {
      status('Paste a token to draw the chart.');
      return;
    }
    status('Loading…');
    graphql(CHART, { maxDepth: 1 }).then(
      function (data) {
        if (current !== generation) return;
        absorb(data.orgChart);
        rootIds = data.orgChart.rootIds;
        rootIds.forEach(function (id) {
          var root = people.get(id);
          if (root.children) root.expanded = true;
        });
        draw();
        var box = svg.node().getBoundingClientRect();
        svg.call(zoom.transform, d3.zoomIdentity.translate(box.width / 2, 60).scale(0.8));
        status(people.size + ' people loaded · click a person to expand, drag to pan, scroll to zoom');
      },
      function (error) {
        if (current === generation) status(error.message);
      },
    );
  }

  DirectoryToken.mount(start);
})();
